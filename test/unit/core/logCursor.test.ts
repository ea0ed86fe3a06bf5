import assert from 'node:assert/strict';
import {
  consumeLogChunk,
  emptyLogCursor,
  isTerminalRunStatus,
  LogCursorSchema,
  logFileKey,
  logOffset,
  pollDelayMs,
  sortLogFiles,
  type LogCursor,
} from '../../../src/core/jobs/logCursor';

const KEY = logFileKey('run-1', 'user_logs/std_log.txt');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds `chunks` as successive reads of a growing file (each read from the cursor to the current end). */
function readInSteps(chunks: Uint8Array[], final = false): { lines: string[]; cursor: LogCursor } {
  let file = new Uint8Array(0);
  let cursor = emptyLogCursor();
  const lines: string[] = [];
  chunks.forEach((chunk, i) => {
    const grown = new Uint8Array(file.length + chunk.length);
    grown.set(file);
    grown.set(chunk, file.length);
    file = grown;
    const result = consumeLogChunk(KEY, cursor, file.subarray(logOffset(cursor, KEY)), { final: final && i === chunks.length - 1 });
    lines.push(...result.lines);
    cursor = result.cursor;
  });
  return { lines, cursor };
}

describe('log cursor', () => {
  it('emits complete lines only and keeps an unterminated line for the next read', () => {
    const first = consumeLogChunk(KEY, emptyLogCursor(), bytes('epoch 1\nepoch 2\nepo'));
    assert.deepEqual(first.lines, ['epoch 1', 'epoch 2']);
    assert.deepEqual(first.lineEnds, [8, 16]);
    assert.equal(logOffset(first.cursor, KEY), 16, 'the partial line is not consumed');

    const second = consumeLogChunk(KEY, first.cursor, bytes('epoch 3\n'));
    assert.deepEqual(second.lines, ['epoch 3']);
    assert.equal(logOffset(second.cursor, KEY), 24);
    assert.equal(logOffset(first.cursor, KEY), 16, 'the given cursor is not changed');

    const nothing = consumeLogChunk(KEY, second.cursor, bytes('no newline yet'));
    assert.deepEqual(nothing.lines, []);
    assert.equal(logOffset(nothing.cursor, KEY), 24);
  });

  it('strips \\r\\n, keeps empty lines, and survives a \\r\\n split between reads', () => {
    const { lines, cursor } = readInSteps([bytes('a\r\n\r\nb\r'), bytes('\nc\n')]);
    assert.deepEqual(lines, ['a', '', 'b', 'c']);
    assert.equal(logOffset(cursor, KEY), 10);
  });

  it('puts a multi-byte character split across reads back together', () => {
    const text = bytes('naïve 🎉 ok\nnext\n');
    const emoji = text.indexOf(0xf0);
    for (const cut of [emoji + 1, emoji + 2, emoji + 3, text.indexOf(0xc3) + 1]) {
      const { lines } = readInSteps([text.subarray(0, cut), text.subarray(cut)]);
      assert.deepEqual(lines, ['naïve 🎉 ok', 'next'], `cut at byte ${cut}`);
    }
    // Byte by byte, too.
    const { lines } = readInSteps([...text].map((b) => Uint8Array.of(b)));
    assert.deepEqual(lines, ['naïve 🎉 ok', 'next']);
  });

  it('emits the unterminated last line in a final flush and consumes the whole file', () => {
    const chunk = bytes('Traceback (most recent call last):\r\nValueError: bad label\r');
    const result = consumeLogChunk(KEY, emptyLogCursor(), chunk, { final: true });
    assert.deepEqual(result.lines, ['Traceback (most recent call last):', 'ValueError: bad label']);
    assert.equal(logOffset(result.cursor, KEY), chunk.length);
    assert.deepEqual(consumeLogChunk(KEY, result.cursor, new Uint8Array(0), { final: true }).lines, []);
  });

  it('cuts an over-long unterminated line into pieces at character boundaries', () => {
    const long = '€'.repeat(10); // 30 bytes
    const result = consumeLogChunk(KEY, emptyLogCursor(), bytes(`${long}\nend`), { maxLineBytes: 8 });
    assert.deepEqual(result.lines, ['€€', '€€', '€€', '€€', '€€'], 'four pieces, then the rest of the line');
    assert.equal(result.lines.join(''), long);
    assert.equal(logOffset(result.cursor, KEY), 31);
    // A line of exactly maxLineBytes plus \r\n is not cut.
    assert.deepEqual(consumeLogChunk(KEY, emptyLogCursor(), bytes('12345678\r\n'), { maxLineBytes: 8 }).lines, ['12345678']);
  });

  it('drops a byte order mark at the start of a file only', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes('first\n'));
    const first = consumeLogChunk(KEY, emptyLogCursor(), bom);
    assert.deepEqual(first.lines, ['first']);
    assert.deepEqual(consumeLogChunk(KEY, first.cursor, bom).lines, ['\ufefffirst']);
  });

  it('is plain JSON that the schema reads back; files are keyed by run id and name', () => {
    const { cursor } = readInSteps([bytes('x\n')]);
    const other = consumeLogChunk(logFileKey('run-2', 'user_logs/std_log.txt'), cursor, bytes('y\n')).cursor;
    const restored = LogCursorSchema.parse(JSON.parse(JSON.stringify(other)));
    assert.deepEqual(restored, { files: { 'run-1/user_logs/std_log.txt': { offset: 2 }, 'run-2/user_logs/std_log.txt': { offset: 2 } } });
    assert.equal(LogCursorSchema.safeParse({ files: { a: { offset: -1 } } }).success, false);
    assert.equal(LogCursorSchema.safeParse({ files: { a: { offset: 1.5 } } }).success, false);
    assert.deepEqual(consumeLogChunk('new/file', emptyLogCursor(), bytes('partial')).cursor, { files: {} });
  });
});

describe('sortLogFiles', () => {
  it('prefers the common-runtime std_log files (rank 0 only), sorted', () => {
    const names = [
      'user_logs/std_log_process_1.txt',
      'system_logs/lifecycler/execution-wrapper.log',
      'user_logs/std_log_process_0.txt',
      'azureml-logs/70_driver_log.txt',
      'user_logs/std_log.txt',
      'user_logs/std_log_process_01.txt',
    ];
    assert.deepEqual(sortLogFiles(names, 'Command'), ['user_logs/std_log.txt', 'user_logs/std_log_process_0.txt']);
    assert.deepEqual(sortLogFiles(['user_logs/std_log_ps.txt', 'user_logs/std_log_node_00_ps.txt']), ['user_logs/std_log_node_00_ps.txt', 'user_logs/std_log_ps.txt']);
  });

  it('falls back to the legacy files of the job type', () => {
    const legacy = ['azureml-logs/75_job_post-tvmps.txt', 'azureml-logs/70_driver_log.txt', 'logs/azureml/executionlogs.txt', 'azureml-logs/hyperdrive.txt', 'azureml-logs/x.txt'];
    assert.deepEqual(sortLogFiles(legacy, 'Command'), ['azureml-logs/70_driver_log.txt', 'azureml-logs/75_job_post-tvmps.txt']);
    assert.deepEqual(sortLogFiles(legacy, 'pipeline'), ['logs/azureml/executionlogs.txt']);
    assert.deepEqual(sortLogFiles(legacy, 'Sweep'), ['azureml-logs/hyperdrive.txt']);
    assert.deepEqual(sortLogFiles(legacy), ['azureml-logs/70_driver_log.txt', 'azureml-logs/75_job_post-tvmps.txt', 'logs/azureml/executionlogs.txt']);
    assert.deepEqual(sortLogFiles([]), []);
  });
});

describe('pollDelayMs', () => {
  it('rises along the sigmoid from the minimum to near the maximum', () => {
    assert.equal(pollDelayMs(0), 2_000, 'at first 60/101 s is below the minimum');
    assert.equal(pollDelayMs(-5), 2_000);
    assert.equal(pollDelayMs(Number.NaN), 2_000);
    assert.ok(Math.abs(pollDelayMs(30_000) - 60_000 / (1 + 100 * Math.exp(-1.5))) < 1e-6); // ≈ 2.57 s
    assert.ok(Math.abs(pollDelayMs(60_000) - 10_036) < 1); // ≈ 10 s after a minute
    assert.ok(pollDelayMs(180_000) > 59_000 && pollDelayMs(180_000) < 60_000, 'near the maximum after 3 minutes');
    assert.equal(pollDelayMs(3_600_000), 60_000);
  });

  it('stays within the given bounds and never decreases', () => {
    let previous = 0;
    for (let t = 0; t <= 400_000; t += 5_000) {
      const delay = pollDelayMs(t, 10, 50);
      assert.ok(delay >= 10 && delay <= 50, `${delay} at ${t}`);
      assert.ok(delay >= previous);
      previous = delay;
    }
    assert.equal(pollDelayMs(0, 10, 50), 10);
    assert.equal(pollDelayMs(10_000_000, 10, 50), 50);
    assert.equal(pollDelayMs(0, 100, 50), 100, 'a minimum above the maximum wins');
  });
});

describe('run statuses', () => {
  it('knows which statuses end a run', () => {
    for (const status of ['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused']) assert.equal(isTerminalRunStatus(status), true, status);
    for (const status of ['NotStarted', 'Queued', 'Running', 'Finalizing', 'CancelRequested', 'Unknown', undefined]) assert.equal(isTerminalRunStatus(status), false, String(status));
  });
});
