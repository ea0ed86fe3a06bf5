import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Opening a file a user named, for any reader (datasets, metrics files, model folders, model cards). Only a regular
 * file is ever opened: a folder, a named pipe (which would block the open until something writes to it), a device
 * such as `/dev/zero` (which never ends) or a socket is refused from its `stat`, before any open, with one sentence
 * that says what the path is. The open itself does not block either (`O_NONBLOCK`), and what was opened is checked
 * again, so a file swapped for a pipe between the two steps is refused too.
 */

/** What is wrong with an input file, and where: `file:line: message`. */
export interface FileProblem {
  readonly file: string;
  /** The physical line (1-based) at fault, when one is. */
  readonly line?: number | undefined;
  readonly message: string;
}

export function formatFileProblem(problem: FileProblem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}: ${problem.message}`;
}

/** A file that cannot be read at all, or whose reading stopped at a line that cannot be read past. */
export class InputFileError extends Error {
  override readonly name: string = 'InputFileError';
  constructor(readonly problem: FileProblem) {
    super(formatFileProblem(problem));
  }
}

/** What a path is, in words: `a folder`, `a named pipe (FIFO)`, … */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What a path is when it is not a regular file, in words, or undefined when it is one. */
export function notRegularFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder, not a file: give the path of a file in it';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a regular file, and reading it could wait forever: save the data to a file and give that';
  return `is ${fileKind(stats)}, not a regular file: give the path of a file`;
}

/** A file-system error in words, without its errno code. */
export function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'file not found';
    case 'ENOTDIR':
      return 'file not found: a folder named in its path is a file';
    case 'EISDIR':
      return 'is a folder, not a file: give the path of a file in it';
    case 'ELOOP':
      return 'is a symbolic link that leads back to itself: point it at a real file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file cannot be read';
    case 'ENAMETOOLONG':
      return 'the path is too long for this system';
    case 'EMFILE':
    case 'ENFILE':
      return 'cannot be opened now: too many files are open on this machine; try again';
    case 'EIO':
      return 'cannot be read: the disk reported an input/output error';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EFBIG':
      return 'the file would be larger than the file system allows';
    default:
      return 'cannot be read';
  }
}

/** `O_NONBLOCK` where the platform has it: opening a pipe then returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export interface OpenedFile {
  readonly handle: FileHandle;
  readonly size: number;
}

/**
 * Opens `file` for reading when it is a regular file (a symbolic link to one is followed); throws `InputFileError`
 * naming the file as `name` (its base name by default) otherwise. The caller closes the handle.
 */
export async function openRegularFile(file: string, name = path.basename(file)): Promise<OpenedFile> {
  const refuse = (message: string) => new InputFileError({ file: name, message });
  const stats = await stat(file).catch((error: unknown) => {
    throw refuse(describeFileError(error));
  });
  const before = notRegularFile(stats);
  if (before) throw refuse(before);
  const handle = await open(file, OPEN_FLAGS).catch((error: unknown) => {
    throw refuse(describeFileError(error));
  });
  try {
    const opened = await handle.stat();
    const after = notRegularFile(opened);
    if (after) throw refuse(after);
    return { handle, size: opened.size };
  } catch (error) {
    await handle.close();
    throw error instanceof InputFileError ? error : refuse(describeFileError(error));
  }
}

/** Checks that `file` is a regular file without opening it; throws `InputFileError` otherwise. */
export async function checkRegularFile(file: string, name = path.basename(file)): Promise<number> {
  const stats = await stat(file).catch((error: unknown) => {
    throw new InputFileError({ file: name, message: describeFileError(error) });
  });
  const problem = notRegularFile(stats);
  if (problem) throw new InputFileError({ file: name, message: problem });
  return stats.size;
}

/** The first `length` bytes of an open file (fewer when it is shorter). */
export async function readPrefix(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

/**
 * The whole text of a small regular file (a `config.json`, an `MLmodel`, a model card), refused above `maxBytes`
 * and when it is not UTF-8. `tooLarge` says, from the file's size, what is wrong and what to do.
 */
export async function readSmallTextFile(file: string, maxBytes: number, tooLarge: (size: number) => string, name = path.basename(file)): Promise<string> {
  const { handle, size } = await openRegularFile(file, name);
  try {
    if (size > maxBytes) throw new InputFileError({ file: name, message: tooLarge(size) });
    const bytes = await readPrefix(handle, size);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InputFileError({ file: name, message: 'is not UTF-8 text: save it as UTF-8' });
    }
  } finally {
    await handle.close();
  }
}
