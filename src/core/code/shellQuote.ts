/**
 * Command lines a POSIX shell (`sh`, bash, zsh) reads back as the same arguments: Show Code's `fm` and `az ml` lines,
 * copied into a terminal. An argument of plain characters stays as it is; any other is single-quoted, a quote inside
 * written `'\''` (POSIX.1-2017 Shell Command Language §2.2.2: nothing is special inside single quotes but the quote).
 */

/** Characters that never mean anything to a shell where they stand (not first in a word: `~`, `#` are left out). */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('A command-line argument cannot hold a NUL character.');
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The arguments as one line. */
export function shellLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * The arguments over several lines for reading, a group (a command's words, a flag with its value) on each, joined by
 * `\` and a newline, which the shell drops: the same arguments as `shellLine` of them all.
 */
export function shellLines(groups: readonly (readonly string[])[]): string {
  return groups.map((group) => group.map(shellQuote).join(' ')).join(' \\\n  ');
}
