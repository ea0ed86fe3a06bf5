/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `interrupted`: stopped by Ctrl-C (130, as shells report SIGINT; the CLI reports 143 for SIGTERM). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
