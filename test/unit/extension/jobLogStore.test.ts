import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { JobLogStore } from '../../../src/extension/jobs/jobLogStore';

/** Workspace state as VS Code keeps it: a map that outlives the window. */
function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as vscode.Memento;
}

describe('job log store: what a window showed survives a reload, once', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(os.tmpdir(), 'fm-job-logs-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('gives back the lines up to the last saved position and that position, dropping lines read after it', () => {
    const state = memento();
    const first = new JobLogStore(state, folder).open('azure', 'finetune-1');
    assert.deepEqual(first.previousLines, []);
    assert.equal(first.position, undefined);
    first.append('line 1');
    first.append('line 2');
    first.savePosition({ files: { 'finetune-1/user_logs/std_log.txt': { offset: 14 } } });
    // Read and shown, but the window reloads before the position that covers it is saved.
    first.append('line 3');

    const reopened = new JobLogStore(state, folder).open('azure', 'finetune-1');
    assert.deepEqual(reopened.previousLines, ['line 1', 'line 2']);
    assert.deepEqual(reopened.position, { files: { 'finetune-1/user_logs/std_log.txt': { offset: 14 } } });
    reopened.append('line 3');
    reopened.savePosition({ files: { 'finetune-1/user_logs/std_log.txt': { offset: 21 } } });
    assert.deepEqual(new JobLogStore(state, folder).open('azure', 'finetune-1').previousLines, ['line 1', 'line 2', 'line 3']);
  });

  it('keeps jobs of each backend apart and starts over when its file has no saved position', () => {
    const state = memento();
    const store = new JobLogStore(state, folder);
    const local = store.open('local', 'job-1');
    local.append('only local');
    const azure = store.open('azure', 'job-1');
    assert.deepEqual(azure.previousLines, []);
    azure.append('azure line');
    azure.savePosition(11);
    // The local record was never saved: its lines are dropped and read again from the start.
    assert.deepEqual(store.open('local', 'job-1').previousLines, []);
    assert.equal(readFileSync(path.join(folder, 'job-logs', 'local-job-1.log'), 'utf8'), '');
    assert.deepEqual(store.open('azure', 'job-1').previousLines, ['azure line']);
  });
});
