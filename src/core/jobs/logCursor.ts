import * as z from 'zod';

/**
 * Incremental reading of Azure ML job logs, without I/O: which bytes of each log file were already shown,
 * which complete lines a newly read chunk adds, which files to read and how long to wait between polls.
 *
 * The rules follow azure-ai-ml's `az ml job stream` (Azure/azure-sdk-for-python
 * `sdk/ml/azure-ai-ml/azure/ai/ml/operations/_job_ops_helper.py`: `_get_sorted_filtered_logs`,
 * `_wait_before_polling`; patterns from `azure/ai/ml/constants/_job/job.py` `JobLogPattern`; statuses from
 * `operations/_run_history_constants.py`), except that we count bytes instead of lines, so a file is read
 * with an HTTP Range from where we stopped instead of again in full, and a stopped stream can resume.
 */

/**
 * Where a log stream stands: for each log file, keyed `<run id>/<file name>`, the number of bytes already turned
 * into lines. An offset is always at a line boundary (just after a `\n`), or at the end of a file whose run
 * ended. The cursor is plain JSON so a caller can persist it and resume after a reload.
 */
export const LogCursorSchema = z.object({
  files: z.record(z.string(), z.object({ offset: z.number().int().nonnegative() })),
});
export type LogCursor = z.infer<typeof LogCursorSchema>;

export function emptyLogCursor(): LogCursor {
  return { files: {} };
}

/** The cursor key of one log file of one run. Run ids have no `/`; file names may (`user_logs/std_log.txt`). */
export function logFileKey(runId: string, file: string): string {
  return `${runId}/${file}`;
}

/** Bytes of the file already consumed (0 for a file not seen yet). */
export function logOffset(cursor: LogCursor, key: string): number {
  return cursor.files[key]?.offset ?? 0;
}

export interface LogChunkOptions {
  /**
   * The run is over and the chunk reaches the end of the file: an unterminated last line is emitted too and
   * the whole chunk consumed. Otherwise that line stays unconsumed and is read again with the next poll.
   */
  final?: boolean;
  /**
   * A line without `\n` longer than this many bytes is emitted in pieces of at most this size (cut at a
   * character boundary), so output that never ends a line (a progress bar drawn with `\r`) is neither held
   * back forever nor downloaded again and again. Default 64 KiB.
   */
  maxLineBytes?: number;
}

export interface LogChunkResult {
  /** The complete lines of the chunk, without their `\n` or `\r\n`. */
  lines: string[];
  /** For each line, the file offset just after it: persisting `{offset: lineEnds[i]}` resumes after line `i`. */
  lineEnds: number[];
  /** The cursor advanced past the emitted lines (a new object; the given cursor is not changed). */
  cursor: LogCursor;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decodeLine(bytes: Uint8Array, atFileStart: boolean): string {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === CR) end -= 1;
  let start = 0;
  // A UTF-8 byte order mark opens some files; it is not part of the first line.
  if (atFileStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  return decoder.decode(bytes.subarray(start, Math.max(start, end)));
}

/** The largest cut ≤ `limit` that does not split a UTF-8 character (never 0 for a non-empty slice). */
function charBoundary(bytes: Uint8Array, from: number, limit: number): number {
  let cut = from + limit;
  // Step back over continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
  while (cut > from && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut > from ? cut : from + limit;
}

/**
 * The complete lines in `chunk`, the bytes of file `key` from the cursor's offset on, and the cursor after them.
 * UTF-8; lines end with `\n` or `\r\n`. Bytes after the last `\n` (an unterminated line, perhaps ending inside a
 * multi-byte character) are left for the next read, unless `final`.
 */
export function consumeLogChunk(key: string, cursor: LogCursor, chunk: Uint8Array, options: LogChunkOptions = {}): LogChunkResult {
  const base = logOffset(cursor, key);
  const maxLine = Math.max(4, Math.floor(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES));
  const lines: string[] = [];
  const lineEnds: number[] = [];
  let start = 0;
  const emit = (end: number, next: number): void => {
    lines.push(decodeLine(chunk.subarray(start, end), base + start === 0));
    lineEnds.push(base + next);
    start = next;
  };
  while (start < chunk.length) {
    const newline = chunk.indexOf(LF, start);
    if (newline >= 0 && newline - start - (chunk[newline - 1] === CR && newline > start ? 1 : 0) <= maxLine) {
      emit(newline, newline + 1);
      continue;
    }
    if (newline >= 0 || chunk.length - start > maxLine) {
      // An over-long line: emit a piece of it; the rest follows as the next line(s).
      const cut = charBoundary(chunk, start, maxLine);
      lines.push(decoder.decode(chunk.subarray(start, cut)));
      lineEnds.push(base + cut);
      start = cut;
      continue;
    }
    break;
  }
  if (options.final && start < chunk.length) emit(chunk.length, chunk.length);
  const consumed = base + start;
  const next: LogCursor = { files: { ...cursor.files } };
  if (consumed !== base || cursor.files[key]) next.files[key] = { offset: consumed };
  return { lines, lineEnds, cursor: next };
}

// ---------------------------------------------------------------------------------------------------------------
// Which files, and when

/** `JobLogPattern` of azure-ai-ml; matched like Python's `re.match` (anchored at the start only). */
export const LOG_FILE_PATTERNS = {
  /** Common runtime: `user_logs/std_log.txt`, rank 0 `user_logs/std_log_process_0.txt` (not `_process_1`). */
  commonRuntime: /^user_logs\/std_log[\D]*[0]*(?:_ps)?\.txt/,
  /** Legacy command jobs: `azureml-logs/70_driver_log.txt`, … */
  command: /^azureml-logs\/[\d]{2}.+\.txt/,
  /** Pipeline jobs: the step status lines. */
  pipeline: /^logs\/azureml\/executionlogs\.txt/,
  sweep: /^azureml-logs\/hyperdrive\.txt/,
} as const;

/**
 * The log files worth streaming, in order: the common-runtime `std_log` files if there are any, else the legacy
 * files of the job type (`Command`, `Pipeline`, `Sweep`; a run of unknown type, such as a pipeline step, takes
 * the command and the pipeline patterns). Sorted by code point, as Python's `sorted` does.
 */
export function sortLogFiles(names: Iterable<string>, jobType?: string): string[] {
  const all = [...names];
  let picked = all.filter((name) => LOG_FILE_PATTERNS.commonRuntime.test(name));
  if (picked.length === 0) {
    const type = jobType?.toLowerCase();
    const patterns =
      type === 'command' ? [LOG_FILE_PATTERNS.command]
      : type === 'pipeline' ? [LOG_FILE_PATTERNS.pipeline]
      : type === 'sweep' ? [LOG_FILE_PATTERNS.sweep]
      : [LOG_FILE_PATTERNS.command, LOG_FILE_PATTERNS.pipeline];
    picked = all.filter((name) => patterns.some((pattern) => pattern.test(name)));
  }
  return [...new Set(picked)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export const POLL_MIN_MS = 2_000;
export const POLL_MAX_MS = 60_000;

/**
 * How long to wait before the next poll, `elapsedMs` after streaming started: azure-ai-ml's sigmoid
 * `max(MIN, MAX / (1 + 100·e^(−t/20 s)))`, from `minMs` (2 s) up to nearly `maxMs` (60 s) after about 3 minutes.
 */
export function pollDelayMs(elapsedMs: number, minMs: number = POLL_MIN_MS, maxMs: number = POLL_MAX_MS): number {
  const seconds = Math.max(0, Number.isFinite(elapsedMs) ? elapsedMs : 0) / 1000;
  const sigmoid = maxMs / (1 + 100 * Math.exp(-seconds / 20));
  return Math.min(Math.max(minMs, maxMs), Math.max(minMs, sigmoid));
}

/** Run-history statuses (`RunHistoryConstants`): still running, post-processing, and over. */
export const RUN_IN_PROGRESS_STATUSES = ['NotStarted', 'Queued', 'Preparing', 'Provisioning', 'Starting', 'Running'] as const;
export const RUN_POST_PROCESSING_STATUSES = ['CancelRequested', 'Finalizing'] as const;
export const RUN_TERMINAL_STATUSES = ['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused'] as const;

/** A run in one of these states writes no more log lines; its logs can be read one last time. */
export function isTerminalRunStatus(status: string | undefined): boolean {
  return status !== undefined && (RUN_TERMINAL_STATUSES as readonly string[]).includes(status);
}
