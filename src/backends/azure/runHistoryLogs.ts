import {
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type Pipeline,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import * as z from 'zod';
import {
  consumeLogChunk,
  emptyLogCursor,
  isTerminalRunStatus,
  logFileKey,
  logOffset,
  LogCursorSchema,
  POLL_MAX_MS,
  POLL_MIN_MS,
  sortLogFiles,
  type LogCursor,
} from '../../core/jobs/logCursor';
import { livePolling, runAgeMs, ThrottleBackoff, type LogPolling } from '../../core/jobs/logPolling';
import { abortableDelay } from '../../core/abortableDelay';
import { getJson, isLoopbackHttp, type MlClient } from './azureHttp';
import type { AzureWorkspaceTarget } from './azureTarget';
import { listChildRunIds, workspaceDataPlane } from './runHistory';
import { workspaceResourceUrl } from './workspaceRest';

/** The job resource, for its type (a pipeline has steps to follow). */
const JobTypeSchema = z.looseObject({ properties: z.looseObject({ jobType: z.string() }) });

/**
 * Live logs of an Azure ML job and of its child jobs, as `az ml job stream` reads them (API.md §2), but by byte
 * ranges from a persisted cursor, so that no line is lost or shown twice across dropped connections, throttling,
 * an expired token, or a stream stopped and started again after a window reload.
 *
 * 1. `jobs.get` (ARM) tells the job type; `workspaces.get` gives the workspace's `discoveryUrl`, whose document's
 *    `api` is the run-history host.
 * 2. Each poll: `GET {api}/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/
 *    workspaces/{ws}/runs/{runId}/details` (RunDetails: `status`, `error`, `logFiles` = name → SAS URL); for a pipeline
 *    also `…/runs/{runId}/children` (PaginatedRunList `{value, continuationToken, nextLink}`, followed page by page),
 *    then each child's details, recursively a few levels deep (pipeline components nest).
 *    Shapes: Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/runhistory/operations/
 *    _runs_operations.py` (1b6870a1361917c1da363b9894c173c8c58b7222: `build_get_details_request`,
 *    `build_get_child_request` with `$continuationtoken`, `$top`) and `…/runhistory/models/_models_py3.py`
 *    (45c67c88989e15e906103684a1e6dbdaa3f1a92c: `RunDetails`, `Run`, `PaginatedRunList`, `ErrorResponse` →
 *    `RootError{code, message, …}`); paging follows `nextLink` as the generated `get_child` pager does.
 * 3. Each log file that `sortLogFiles` keeps is read with `Range: bytes=<offset>-` through a pipeline without the
 *    bearer policy (the SAS URL carries its own signature): 206 → new bytes, 416 → nothing new, 404 → not there
 *    yet, 200 (range ignored) → the bytes past the offset. Only complete lines are emitted; the cursor moves past
 *    each line as it is handed over.
 * 4. Once the job's status is terminal, every file is read one last time with `final` (an unterminated last line is
 *    emitted too), then an `end` event carries the status and the run's `error.error.message`.
 * 5. Between two status polls (step 2, which reads every file too), the files of the runs still going are read
 *    from their offsets alone (step 3) as often as the polling policy says (`core/jobs/logPolling.ts`): by default
 *    the status at most 20 s apart and the logs every second, so a line shows within about a second at any age of
 *    the job, where `az ml job stream` shows it up to a minute late.
 *
 * A poll that fails part-way (the pipelines' own retries exhausted: socket reset, truncated body, 401, 429/5xx)
 * changes nothing that was not handed over, so the next poll simply continues from the cursor. A body is used only
 * when it arrived whole: its length must match `Content-Range`.
 */

export type AzureJobLogEvent =
  | { readonly type: 'line'; readonly runId: string; readonly file: string; readonly text: string }
  | { readonly type: 'status'; readonly runId: string; readonly status: string }
  | { readonly type: 'end'; readonly status: string; readonly error?: string };

export interface StreamJobLogsOptions {
  client: MlClient;
  target: AzureWorkspaceTarget;
  /** The job's name, which is also its run id. */
  jobName: string;
  /** Where an earlier stream stopped (from `onCursor`); from the beginning when left out. */
  cursor?: LogCursor;
  /** Stops the stream cleanly: the iteration ends without an error (and without an `end` event). */
  signal?: AbortSignal;
  /**
   * Bounds of the wait between polls: of the status curve (`pollDelayMs`: 2 s, and 20 s in the default policy), and
   * of the longer waits after failed polls (2 s doubling up to 60 s).
   */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** When to poll the status and when to read the logs being written; `livePolling` by default (within the bounds above). */
  polling?: LogPolling;
  /**
   * Called with a copy of the cursor after each batch of lines (one file read), and once more when the stream
   * stops with lines handed over since. Persist it to resume with `cursor`.
   */
  onCursor?: (cursor: LogCursor) => void;
  /** Retries of the log-file (SAS) requests; by default 3 retries from 400 ms, as azure-ai-ml does. */
  blobRetryOptions?: PipelineRetryOptions;
  /**
   * Polls in a row that may fail before the stream gives up and throws the last error (default 10). The wait
   * after a failed poll doubles from `pollMinMs` up to `pollMaxMs`: with the defaults about 6 minutes in all.
   */
  maxFailedPolls?: number;
}

const USER_AGENT = 'foundation-models-vscode';
const BLOB_SERVICE_VERSION = '2021-08-06';
/** Pipeline components nest: the job, its steps, their steps… Deeper runs are not followed. */
const MAX_CHILD_DEPTH = 3;

const RunErrorSchema = z
  .object({ error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish() })
  .nullish();
const RunDetailsSchema = z.object({
  runId: z.string().nullish(),
  status: z.string().nullish(),
  startTimeUtc: z.string().nullish(),
  error: RunErrorSchema,
  logFiles: z.record(z.string(), z.string()).nullish(),
});
type RunDetails = z.infer<typeof RunDetailsSchema>;
interface RunState {
  readonly id: string;
  readonly depth: number;
  readonly jobType?: string;
  status?: string;
  /** When the run started, as the service says (ISO 8601). */
  startTimeUtc?: string | undefined;
  /** Terminal and read to the end: nothing more to do for this run. */
  done: boolean;
  /** Children as last listed (kept when a later listing fails). */
  children: string[];
  /** Its log files (name → read URL) as last listed, read between status polls while the run goes on. */
  files: Readonly<Record<string, string>>;
}

interface PollResult {
  ok: boolean;
  error?: unknown;
}

/** What the blob pipeline saw of throttling since it was last asked: a 429 or 503 answer, and its `Retry-After`. */
interface ThrottleWatch {
  throttled: boolean;
  retryAfterMs: number;
}

let sharedHttpClient: HttpClient | undefined;

/**
 * The pipeline for SAS URLs: retries (429/503 honour `Retry-After`; resets and 5xx back off), user agent, request
 * id, redirects, and no authentication policy.
 */
function blobPipeline(retryOptions: PipelineRetryOptions | undefined, watch: ThrottleWatch): Pipeline {
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: 3, retryDelayInMs: 400, maxRetryDelayInMs: 10_000, ...retryOptions },
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  });
  // Every answer, retried ones included: a 429 or 503 slows the reads down (`ThrottleBackoff`).
  pipeline.addPolicy(
    {
      name: 'watchThrottling',
      async sendRequest(request, next) {
        const response = await next(request);
        if (response.status === 429 || response.status === 503) {
          watch.throttled = true;
          const seconds = Number(response.headers.get('retry-after'));
          if (Number.isFinite(seconds)) watch.retryAfterMs = Math.max(watch.retryAfterMs, seconds * 1000);
        }
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
  // A streamed body whose connection drops before we start reading it would emit an unhandled 'error'; note it
  // here, right after the transport, and let the read see it (a destroyed stream rethrows its error).
  pipeline.addPolicy(
    {
      name: 'observeStreamErrors',
      async sendRequest(request, next) {
        const response = await next(request);
        response.readableStreamBody?.on('error', () => undefined);
        return response;
      },
    },
    { afterPhase: 'Sign' },
  );
  return pipeline;
}

function abortError(): Error {
  const error = new Error('The log stream was stopped.');
  error.name = 'AbortError';
  return error;
}

/** A failure that one more poll may not see: the job or workspace is missing or out of reach. */
function isFatal(error: unknown): boolean {
  if (error instanceof Error && error.name === 'AbortError') return true;
  return error instanceof RestError && error.statusCode !== undefined && [400, 403, 404].includes(error.statusCode);
}

async function readBody(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The bytes of a log file from `offset` to its current end (empty when there is nothing new), read through the SAS
 * pipeline. Throws when the answer did not arrive whole.
 */
async function readLogFrom(pipeline: Pipeline, url: string, offset: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const request = createPipelineRequest({
    url,
    method: 'GET',
    abortSignal: signal,
    allowInsecureConnection: isLoopbackHttp(url),
    streamResponseStatusCodes: new Set([200, 206]),
  });
  request.headers.set('range', `bytes=${offset}-`);
  // `bytes=N-` (open-ended) needs Blob service version 2011-08-18 or later; say which one we speak.
  request.headers.set('x-ms-version', BLOB_SERVICE_VERSION);
  sharedHttpClient ??= createDefaultHttpClient();
  const response = await pipeline.sendRequest(sharedHttpClient, request);
  const host = new URL(url).host;
  switch (response.status) {
    case 206: {
      const body = await readBody(response.readableStreamBody);
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
      if (!range || Number(range[1]) !== offset || Number(range[2]) - offset + 1 !== body.length) {
        throw new RestError(`Incomplete log read from ${host}: ${body.length} bytes for range ${response.headers.get('content-range') ?? '(none)'} from ${offset}.`, {
          statusCode: response.status,
          request,
        });
      }
      return body;
    }
    case 200: {
      const body = await readBody(response.readableStreamBody);
      const length = response.headers.get('content-encoding') ? body.length : Number(response.headers.get('content-length') ?? body.length);
      if (length !== body.length) throw new RestError(`Incomplete log read from ${host}: ${body.length} of ${length} bytes.`, { statusCode: 200, request });
      return body.subarray(Math.min(offset, body.length));
    }
    case 404: // the file is listed before it is written (azure-ai-ml reads 404 as empty)
    case 416: // the range starts at or past the end: nothing new
      return new Uint8Array(0);
    default:
      throw new RestError(`${response.status} reading a log file from ${host}.`, { statusCode: response.status, request, response });
  }
}

/**
 * Streams the log lines of job `jobName` and its child jobs until the job ends (then an `end` event) or `signal`
 * aborts (then the iteration just ends). Throws when the job cannot be read at all (not found, access denied) or
 * when `maxFailedPolls` polls in a row failed.
 */
export async function* streamJobLogs(options: StreamJobLogsOptions): AsyncGenerator<AzureJobLogEvent, void, undefined> {
  const parsed = options.cursor === undefined ? undefined : LogCursorSchema.safeParse(options.cursor);
  if (parsed && !parsed.success) throw new Error(`The saved log position is not valid: ${z.prettifyError(parsed.error)}`);
  const cursor: LogCursor = parsed?.data ? { files: { ...parsed.data.files } } : emptyLogCursor();
  yield* new RunHistoryLogStream(options, cursor).events();
}

type LogEvents<T> = AsyncGenerator<AzureJobLogEvent, T, undefined>;

/** One stream: the cursor as lines are handed over, the runs seen so far, and the polls that read them. */
class RunHistoryLogStream {
  private readonly pipeline: Pipeline;
  private readonly runs = new Map<string, RunState>();
  /** Lines were handed over since the cursor was last reported. */
  private unreported = false;
  private runsUrl = '';
  private readonly polling: LogPolling;
  private readonly throttling: ThrottleWatch = { throttled: false, retryAfterMs: 0 };
  private readonly backoff = new ThrottleBackoff();
  /** When a log last had new bytes (or the stream started). */
  private lastNewBytesAt = Date.now();

  constructor(
    private readonly options: StreamJobLogsOptions,
    private readonly cursor: LogCursor,
  ) {
    this.pipeline = blobPipeline(options.blobRetryOptions, this.throttling);
    this.polling = options.polling ?? livePolling({ statusMinMs: options.pollMinMs, ...(options.pollMaxMs !== undefined ? { statusMaxMs: options.pollMaxMs } : {}) });
  }

  async *events(): LogEvents<void> {
    try {
      const root = await this.start();
      yield* this.pollUntilEnd(root);
    } catch (error) {
      if (this.options.signal?.aborted) return;
      throw error;
    } finally {
      this.report();
    }
  }

  /** The job (its type says whether it has steps) and the workspace's run-history host. */
  private async start(): Promise<RunState> {
    const { client, target, jobName, signal } = this.options;
    const job = await getJson(client, workspaceResourceUrl(client, target, 'jobs', jobName), JobTypeSchema, signal);
    this.runsUrl = (await workspaceDataPlane(client, target, signal)).runsUrl;
    const root: RunState = { id: jobName, depth: 0, jobType: job.properties.jobType, done: false, children: [], files: {} };
    this.runs.set(root.id, root);
    return root;
  }

  /**
   * Polls the status until the job ended and every file was read to its end, and between status polls reads the logs
   * being written, each as often as the policy says; after failures the wait doubles.
   */
  private async *pollUntilEnd(root: RunState): LogEvents<void> {
    const minMs = this.options.pollMinMs ?? POLL_MIN_MS;
    const maxMs = Math.max(this.options.pollMaxMs ?? POLL_MAX_MS, minMs);
    const maxFailedPolls = Math.max(1, this.options.maxFailedPolls ?? 10);
    const started = Date.now();
    let failedPolls = 0;
    let nextStatusAt = started;
    for (;;) {
      this.checkAbort();
      const statusDue = Date.now() >= nextStatusAt;
      this.throttling.throttled = false;
      this.throttling.retryAfterMs = 0;
      const poll = statusDue ? yield* this.poll(root) : yield* this.readRunning();
      if (poll.ended) return;
      this.backoff.update(this.throttling.throttled);
      failedPolls = poll.ok ? 0 : failedPolls + 1;
      if (failedPolls >= maxFailedPolls) throw poll.error;
      const now = Date.now();
      if (statusDue && poll.ok) nextStatusAt = now + this.polling.statusDelayMs({ runMs: runAgeMs(root.startTimeUtc, now, started), streamMs: now - started });
      // A read between status polls failed (a read URL expired?): the next try is a status poll, which lists them anew.
      if (!statusDue && !poll.ok) nextStatusAt = now;
      const tailMs = this.polling.tailDelayMs(now - this.lastNewBytesAt);
      const nextAt = tailMs === undefined ? nextStatusAt : Math.min(nextStatusAt, now + this.backoff.delay(tailMs, this.throttling.retryAfterMs));
      // After failures the wait doubles (up to the maximum), so a few minutes of outage are ridden out.
      const wait = failedPolls > 0 ? Math.min(Math.max(nextAt - now, minMs * 2 ** failedPolls), maxMs) : nextAt - now;
      await abortableDelay(Math.max(0, wait), this.options.signal);
    }
  }

  /** Between status polls: the files of every run still going, from the cursor on, as last listed. */
  private async *readRunning(): LogEvents<PollResult & { ended?: boolean }> {
    const result: PollResult = { ok: true };
    for (const run of this.runs.values()) {
      if (run.done || isTerminalRunStatus(run.status)) continue;
      merge(result, yield* this.readFiles(run, run.files, false));
    }
    return result;
  }

  /** One poll: the job's details, its files, its steps'; then the `end` event once it is terminal and all was read. */
  private async *poll(root: RunState): LogEvents<PollResult & { ended?: boolean }> {
    const poll: PollResult = { ok: true };
    let details: RunDetails;
    try {
      details = await this.details(root.id);
    } catch (error) {
      this.checkAbort();
      if (isFatal(error)) throw error;
      return { ok: false, error };
    }
    yield* this.statusOf(root, details);
    root.startTimeUtc = details.startTimeUtc ?? undefined;
    const terminal = isTerminalRunStatus(details.status ?? undefined);
    merge(poll, yield* this.readFiles(root, details.logFiles ?? {}, terminal));
    if (root.jobType === 'Pipeline') merge(poll, yield* this.followChildren(root, terminal, new Set([root.id])));
    if (!terminal || !poll.ok) return poll;
    this.report();
    const status = details.status ?? 'Unknown';
    const message = details.error?.error?.message ?? (status === 'Failed' ? 'The job failed without an error message; see its logs.' : undefined);
    yield message ? { type: 'end', status, error: message } : { type: 'end', status };
    return { ...poll, ended: true };
  }

  private details(runId: string): Promise<RunDetails> {
    return getJson(this.options.client, `${this.runsUrl}/${encodeURIComponent(runId)}/details`, RunDetailsSchema, this.options.signal);
  }

  private async *statusOf(run: RunState, details: RunDetails): LogEvents<void> {
    const status = details.status ?? undefined;
    if (status !== undefined && status !== run.status) {
      run.status = status;
      yield { type: 'status', runId: run.id, status };
      this.checkAbort();
    }
  }

  /** Reads every streamable log file of `run` (`files`, as just listed) from the cursor on; not ok when a read failed. */
  private async *readFiles(run: RunState, files: Readonly<Record<string, string>>, final: boolean): LogEvents<PollResult> {
    run.files = files;
    const result: PollResult = { ok: true };
    for (const file of sortLogFiles(Object.keys(files), run.jobType)) {
      const url = files[file];
      if (!url) continue;
      const key = logFileKey(run.id, file);
      let bytes: Uint8Array;
      try {
        bytes = await readLogFrom(this.pipeline, url, logOffset(this.cursor, key), this.options.signal);
      } catch (error) {
        this.checkAbort();
        merge(result, { ok: false, error });
        continue;
      }
      if (bytes.length > 0) this.lastNewBytesAt = Date.now();
      yield* this.handOver(run, file, key, bytes, final);
    }
    return result;
  }

  /** The complete lines of a file's new bytes (and with `final` an unterminated last one), the cursor moving with each. */
  private async *handOver(run: RunState, file: string, key: string, bytes: Uint8Array, final: boolean): LogEvents<void> {
    const { lines, lineEnds, cursor: after } = consumeLogChunk(key, this.cursor, bytes, { final });
    for (let i = 0; i < lines.length; i++) {
      // The position moves before the line is handed over: once yielded, it has been delivered.
      this.cursor.files[key] = { offset: lineEnds[i] ?? 0 };
      this.unreported = true;
      yield { type: 'line', runId: run.id, file, text: lines[i] ?? '' };
      this.checkAbort();
    }
    const offset = after.files[key]?.offset;
    if (offset !== undefined && this.cursor.files[key]?.offset !== offset) {
      this.cursor.files[key] = { offset };
      this.unreported = true;
    }
    this.report();
  }

  /** Lists the children of `parent` and reads each unfinished one, depth first. */
  private async *followChildren(parent: RunState, final: boolean, seen: Set<string>): LogEvents<PollResult> {
    const result: PollResult = { ok: true };
    if (parent.depth >= MAX_CHILD_DEPTH) return result;
    try {
      parent.children = await listChildRunIds(this.options.client, this.runsUrl, parent.id, this.options.signal);
    } catch (error) {
      this.checkAbort();
      if (isFatal(error) && parent.depth === 0) throw error;
      merge(result, { ok: false, error });
    }
    for (const id of parent.children) {
      if (seen.has(id)) continue;
      seen.add(id);
      merge(result, yield* this.followChild(parent, id, final, seen));
    }
    return result;
  }

  /** A child run: its status, its files, its own children; done once it is terminal and read to the end. */
  private async *followChild(parent: RunState, id: string, final: boolean, seen: Set<string>): LogEvents<PollResult> {
    let child = this.runs.get(id);
    if (!child) {
      child = { id, depth: parent.depth + 1, done: false, children: [], files: {} };
      this.runs.set(id, child);
    }
    if (child.done) return { ok: true };
    let details: RunDetails;
    try {
      details = await this.details(id);
    } catch (error) {
      this.checkAbort();
      return { ok: false, error };
    }
    yield* this.statusOf(child, details);
    const terminal = isTerminalRunStatus(details.status ?? undefined);
    const files = yield* this.readFiles(child, details.logFiles ?? {}, terminal || final);
    const nested = yield* this.followChildren(child, terminal || final, seen);
    if (terminal && files.ok && nested.ok) child.done = true;
    return merge(merge({ ok: true }, files), nested);
  }

  /** Hands a copy of the cursor to `onCursor` when lines were handed over since the last time. */
  private report(): void {
    if (!this.unreported) return;
    this.unreported = false;
    const copy: LogCursor = { files: {} };
    for (const [key, value] of Object.entries(this.cursor.files)) copy.files[key] = { offset: value.offset };
    this.options.onCursor?.(copy);
  }

  private checkAbort(): void {
    if (this.options.signal?.aborted) throw abortError();
  }
}

/** Folds a part's outcome into a poll's: any failure makes it fail, the last error counts. */
function merge(into: PollResult, part: PollResult): PollResult {
  if (!part.ok) {
    into.ok = false;
    into.error = part.error;
  }
  return into;
}
