import type http from 'node:http';
import * as z from 'zod';
import { MAX_JSON_DEPTH } from '../../core/inputLimits';
import { nestingOverflowAt } from '../../core/jsonNesting';
import { findJsonSyntaxError } from '../../core/jsonSyntax';
import type { InferenceInput, InferenceInputKind, InferenceOptions, InferenceOutput } from '../../core/inference/inferenceTypes';

/**
 * What the local scoring server checks on each request before the model sees it: who is calling (Host, Origin,
 * Sec-Fetch-Site), what was sent (Content-Type, size, UTF-8, JSON nested within limits, the body's shape). Each
 * refusal is a `RequestProblem`: a status and one sentence that says what is wrong and what to send instead.
 */

/** Request bodies above this are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const LOOPBACK = '127.0.0.1';
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Sec-Fetch-Site values of requests a browser makes on its own or from this server's own pages. */
const ALLOWED_FETCH_SITES = new Set(['none', 'same-origin']);

/** A request that is answered with an error status and a message. */
export class RequestProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Each input kind of the task table (`inference.input`) as a request names it, with its keys and an example. */
interface WireInput {
  /** How an input is described in messages: `a string or {text, text_pair}`. */
  readonly described: string;
  readonly example: string;
  readonly object: z.ZodObject;
  /** A bare string is a whole input (a text). */
  readonly string: boolean;
  readonly toInput: (value: unknown) => InferenceInput;
}

const WIRE_INPUTS: Readonly<Record<InferenceInputKind, WireInput>> = {
  'text-pair': {
    described: 'a string or {text, text_pair}',
    example: '["a text", {"text": "…", "text_pair": "…"}]',
    object: z.strictObject({ text: z.string({ error: 'must be a string' }), text_pair: z.string({ error: 'must be a string when given' }).optional() }),
    string: true,
    toInput: (value) => (typeof value === 'string' ? { text: value } : pairInput(value as { text: string; text_pair?: string })),
  },
  text: {
    described: 'a string or {text}',
    example: '["a text", …]',
    object: z.strictObject({ text: z.string({ error: 'must be a string' }) }),
    string: true,
    toInput: (value) => ({ text: typeof value === 'string' ? value : (value as { text: string }).text }),
  },
  question: {
    described: '{question, context}',
    example: '[{"question": "…", "context": "…"}]',
    object: z.strictObject({ question: z.string({ error: 'must be a string' }), context: z.string({ error: 'must be a string' }) }),
    string: false,
    toInput: (value) => value as { question: string; context: string },
  },
};

function pairInput({ text, text_pair }: { text: string; text_pair?: string }): InferenceInput {
  return text_pair === undefined ? { text } : { text, textPair: text_pair };
}

/** What a request may set beside its inputs (`"parameters"`), each for the tasks it concerns. */
const ParametersSchema = z.strictObject({
  top_k: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
  max_new_tokens: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(2048, 'must be at most 2048').optional(),
});

/** A request body, parsed: the inputs in the task's shape and the run's options. */
export interface ScoringRequest {
  readonly inputs: InferenceInput[];
  readonly options: InferenceOptions;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : typeof value} ${String(value)}`;
}

function inputProblem(input: unknown, where: string, wire: WireInput): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `${where} must be ${wire.described}, not ${describeValue(input)}.`;
  const issues = wire.object.safeParse(input).error?.issues ?? [];
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown?.code === 'unrecognized_keys') {
    const keys = unknown.keys.map((key) => `"${key}"`).join(', ');
    return `${where} has ${unknown.keys.length === 1 ? 'an unknown key' : 'unknown keys'} ${keys}: an input is ${wire.described}.`;
  }
  const issue = issues[0];
  const key = issue?.path[0];
  if (typeof key === 'string' && !Object.hasOwn(input, key)) return `${where}.${key} is missing: an input is ${wire.described}.`;
  if (typeof key === 'string') return `${where}.${key} ${issue?.message ?? 'is not valid'}, not ${describeValue((input as Record<string, unknown>)[key])}.`;
  return `${where} must be ${wire.described}.`;
}

function parametersProblem(parameters: unknown): string | undefined {
  if (parameters === undefined) return undefined;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return `parameters must be an object such as {"top_k": 3}, not ${describeValue(parameters)}.`;
  const issue = ParametersSchema.safeParse(parameters).error?.issues[0];
  if (!issue) return undefined;
  if (issue.code === 'unrecognized_keys') return `parameters has ${issue.keys.length === 1 ? 'an unknown key' : 'unknown keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')}: it takes top_k and max_new_tokens.`;
  const key = String(issue.path[0] ?? '');
  return `parameters.${key} ${issue.message}, not ${describeValue((parameters as Record<string, unknown>)[key])}.`;
}

/** Why a request body cannot be scored by a model reading `kind`, in the caller's terms: what is wrong and where. */
export function scoringBodyProblem(body: unknown, kind: InferenceInputKind = 'text-pair'): string | undefined {
  const wire = WIRE_INPUTS[kind];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `The body must be a JSON object {"inputs": [...]}, not ${describeValue(body)}.`;
  }
  if (!Object.hasOwn(body, 'inputs')) return `inputs is missing: send {"inputs": ${wire.example}}.`;
  const inputs = (body as { inputs: unknown }).inputs;
  if (!Array.isArray(inputs)) return `inputs must be an array of ${wire.string ? 'strings or ' : ''}${wire.described.replace(/^a string or /, '')}, not ${describeValue(inputs)}.`;
  if (inputs.length === 0) return `inputs is empty: give at least one ${kind === 'question' ? 'question' : 'text'}.`;
  for (const [index, input] of inputs.entries()) {
    if (!(wire.string && typeof input === 'string') && !wire.object.safeParse(input).success) return inputProblem(input, `inputs[${index}]`, wire);
  }
  return parametersProblem((body as { parameters?: unknown }).parameters);
}

/** Says where a body that `JSON.parse` refused goes wrong: line, column, position, what was expected. */
export function jsonSyntaxProblem(text: string): string {
  if (text.trim() === '') return 'The body is empty: send {"inputs": ["a text", …]} as JSON.';
  const stop = findJsonSyntaxError(text);
  if (!stop) return 'The body is not valid JSON.';
  const found = stop.position >= text.length ? 'the end of the body' : stop.found;
  return `The body is not valid JSON: line ${stop.line}, column ${stop.column} (position ${stop.position}): expected ${stop.expected}, found ${found}.`;
}

/** The body's inputs for a model reading `kind`, or a 400 that says what is wrong with it, whatever it holds and however deep it nests. */
export function parseScoringBody(text: string, kind: InferenceInputKind = 'text-pair'): ScoringRequest {
  const tooDeep = nestingOverflowAt(text, MAX_JSON_DEPTH);
  if (tooDeep !== -1) {
    const before = text.slice(0, tooDeep);
    const where = `line ${before.split('\n').length}, column ${tooDeep - before.lastIndexOf('\n')}`;
    throw new RequestProblem(400, `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (${where}): send {"inputs": ${WIRE_INPUTS[kind].example}}.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestProblem(400, jsonSyntaxProblem(text));
  }
  const problem = scoringBodyProblem(body, kind);
  if (problem) throw new RequestProblem(400, problem);
  const { inputs, parameters = {} } = body as { inputs: unknown[]; parameters?: z.infer<typeof ParametersSchema> };
  return { inputs: inputs.map((input) => WIRE_INPUTS[kind].toInput(input)), options: { topK: parameters.top_k, maxNewTokens: parameters.max_new_tokens } };
}

/** One output as a request's answer gives it: the best label (and all of them when several were asked for), or the output's own fields. */
export function predictionJson(output: InferenceOutput): Record<string, unknown> {
  const { kind, ...fields } = output;
  if (output.kind !== 'labels') return fields;
  const [best] = output.labels;
  return { label: best?.label ?? '', score: best?.score ?? 0, ...(output.labels.length > 1 ? { labels: output.labels } : {}) };
}

/** The first input of a request and what it looks like, for a task's documentation and the sample request. */
export function exampleInputs(kind: InferenceInputKind): string {
  return WIRE_INPUTS[kind].example;
}

/** The origins of this server's own pages: the only ones a browser may call it from. */
function ownOrigins(port: number): Set<string> {
  return new Set([...ALLOWED_HOSTS].map((host) => `http://${host}:${port}`));
}

/**
 * Refuses a request that is not from a program on this machine: one addressed to another host name (a page that
 * rebinds its name to 127.0.0.1), one a browser sends from a web page of another origin (a form post, a no-cors
 * fetch: `Origin`), or one a browser marks as coming from another site (`Sec-Fetch-Site`).
 */
export function checkCaller(request: http.IncomingMessage, port: number): void {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!ALLOWED_HOSTS.has(host)) {
    throw new RequestProblem(403, `This scoring server answers requests to ${LOOPBACK} or localhost only, not to "${request.headers.host ?? ''}".`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !ownOrigins(port).has(origin.toLowerCase())) {
    throw new RequestProblem(403, `This scoring server answers programs on this machine, not web pages: a request from ${JSON.stringify(origin.slice(0, 200))} is refused.`);
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && !ALLOWED_FETCH_SITES.has(site.toLowerCase())) {
    throw new RequestProblem(403, `This scoring server answers programs on this machine, not web pages: a ${site.slice(0, 40)} request is refused.`);
  }
}

/** Refuses a body that is not declared as JSON in UTF-8 (a form post, a `text/plain` fetch, no type at all). */
export function checkContentType(request: http.IncomingMessage): void {
  const raw = request.headers['content-type'] ?? '';
  const [type = '', ...parameters] = raw.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (type !== 'application/json') {
    const sent = raw ? `Content-Type ${JSON.stringify(raw.slice(0, 100))}` : 'no Content-Type';
    throw new RequestProblem(415, `The body must be JSON sent with Content-Type: application/json, not ${sent} (curl: -H 'Content-Type: application/json').`);
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RequestProblem(415, `The body must be UTF-8 JSON, not charset ${charset.slice(0, 40)}.`);
  }
}

/** The body as text: 413 past `MAX_BODY_BYTES` (declared or sent), 400 when it is not UTF-8. */
export function readBody(request: http.IncomingMessage): Promise<string> {
  const tooLarge = () => new RequestProblem(413, `The body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB: send fewer inputs per request.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeListener('data', onData);
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      const bytes = Buffer.concat(chunks);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        reject(new RequestProblem(400, 'The body is not UTF-8 text: send JSON encoded as UTF-8.'));
      }
    });
    // The caller went away before the body ended: nothing can be answered, and nothing is the server's fault.
    request.once('error', () => reject(new RequestProblem(400, 'The request was cut off before its body ended.')));
  });
}
