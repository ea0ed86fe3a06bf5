/** Hugging Face Hub model ids (`owner/name`), checked as the user types one in Import from Hugging Face…. */

/** Hub repository names: letters, digits, `-`, `_`, `.`; at most 96 characters; no `--` or `..`; not starting or ending with `-` or `.`. */
const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const MAX_PART = 96;

/** What is wrong with a Hugging Face model id, in a sentence that says where; undefined when it is valid. */
export function huggingFaceIdProblem(text: string): string | undefined {
  const id = text.trim();
  if (!id) return 'Type a model id such as distilbert/distilbert-base-uncased.';
  if (/^https?:\/\//i.test(id)) return 'Give the model id (owner/name), not its URL: for https://huggingface.co/owner/name type owner/name.';
  const parts = id.split('/');
  if (parts.length !== 2) return `A model id is owner/name with exactly one "/"; "${id}" has ${parts.length - 1}.`;
  for (const [index, part] of parts.entries()) {
    const which = index === 0 ? 'owner' : 'name';
    if (!part) return `The ${which} part of "${id}" is empty.`;
    if (part.length > MAX_PART) return `The ${which} "${part}" is longer than ${MAX_PART} characters.`;
    const bad = /[^A-Za-z0-9._-]/.exec(part);
    if (bad) return `The ${which} "${part}" has "${bad[0]}" at position ${bad.index + 1}; only letters, digits, "-", "_" and "." are allowed.`;
    if (!PART.test(part)) return `The ${which} "${part}" starts or ends with "-" or ".".`;
    if (part.includes('--') || part.includes('..')) return `The ${which} "${part}" has "--" or "..", which the Hub does not allow.`;
  }
  return undefined;
}
