import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder per suite; `write` puts a file in it and returns its path. */
export function tempFolder(): { dir: () => string; write: (name: string, content: string | Uint8Array) => string } {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fm-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    write: (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

export const SAMPLES = path.resolve(__dirname, '../../samples');
