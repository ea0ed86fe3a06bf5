import os from 'node:os';
import path from 'node:path';

/** `~/x` and paths relative to `baseFolder` (the first workspace folder, when there is one) made absolute. */
export function resolveModelPath(raw: string, baseFolder: string | undefined): string {
  const trimmed = raw.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  if (path.isAbsolute(trimmed)) return path.normalize(trimmed);
  return path.resolve(baseFolder ?? process.cwd(), trimmed);
}
