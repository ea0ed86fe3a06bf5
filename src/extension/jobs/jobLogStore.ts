import { appendFileSync, mkdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type * as vscode from 'vscode';
import * as z from 'zod';

/**
 * What this window has shown of a job's log, so that a reload neither loses nor repeats a line: the lines shown,
 * in a file of their own (`<storage>/job-logs/<backend>-<job>.log`), and in workspace state the backend's resume
 * position together with the file's length at that position. The position is saved only after the lines it covers
 * are in the file; on reload the file is cut back to the saved length, shown again, and the backend resumes from
 * the saved position, so lines read after the last save are read again exactly once.
 */
const SavedSchema = z.object({ position: z.unknown(), bytes: z.number().int().nonnegative() });
type Saved = z.infer<typeof SavedSchema>;

export class JobLogStore {
  private readonly folder: string;

  constructor(
    private readonly state: vscode.Memento,
    storageFolder: string,
  ) {
    this.folder = path.join(storageFolder, 'job-logs');
  }

  /** Opens a job's record: the lines kept from before (the file cut back to the last saved position) and that position. */
  open(backend: string, jobId: string): JobLogRecord {
    const key = `${backend}-${jobId}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    const file = path.join(this.folder, `${key}.log`);
    const stateKey = `foundationModels.jobLog.${key}`;
    const parsed = SavedSchema.safeParse(this.state.get(stateKey));
    const saved: Saved | undefined = parsed.success ? parsed.data : undefined;
    mkdirSync(this.folder, { recursive: true });
    appendFileSync(file, '');
    let lines: string[] = [];
    const size = fileSize(file);
    if (saved && size >= saved.bytes) {
      if (size > saved.bytes) truncateSync(file, saved.bytes);
      const text = saved.bytes > 0 ? readFileSync(file, 'utf8') : '';
      lines = text ? text.replace(/\n$/, '').split('\n') : [];
    } else if (size > 0) {
      // No position to go with the file (or a file shorter than its position): start over.
      truncateSync(file, 0);
    }
    return new JobLogRecord(file, stateKey, this.state, saved && size >= saved.bytes ? saved : undefined, lines);
  }
}

export class JobLogRecord {
  /** The file's length once the lines waiting in `unwritten` are written. */
  private bytes: number;
  /** Lines shown but not yet in the file: they are written together when a position covering them is saved. */
  private unwritten: string[] = [];

  constructor(
    private readonly file: string,
    private readonly stateKey: string,
    private readonly state: vscode.Memento,
    saved: Saved | undefined,
    /** Lines shown before, to show again. */
    readonly previousLines: readonly string[],
  ) {
    this.bytes = saved?.bytes ?? 0;
    this.position = saved?.position;
  }

  /** Where the backend should resume (undefined: from the start). */
  readonly position: unknown;

  /** Keeps a line that was just shown; it reaches the file with the next saved position. */
  append(line: string): void {
    const text = `${line.replace(/\n/g, ' ')}\n`;
    this.unwritten.push(text);
    this.bytes += Buffer.byteLength(text);
  }

  /**
   * Saves the backend's position, which covers every line appended so far: those lines are written first, in one
   * synchronous write, so the file always holds what a saved position covers. Lines appended after the last save
   * are dropped on reopening anyway (the backend reads them again), so they need no write of their own.
   */
  savePosition(position: unknown): void {
    if (this.unwritten.length > 0) {
      appendFileSync(this.file, this.unwritten.join(''));
      this.unwritten = [];
    }
    void this.state.update(this.stateKey, { position, bytes: this.bytes } satisfies Saved);
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
