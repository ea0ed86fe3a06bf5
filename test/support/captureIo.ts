import type { CliIo } from '../../src/cli/cliIo';

/** A CLI io that keeps what the command printed, to assert what a user would read. */
export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += `${text}\n`),
    err: (text: string) => void (io.stderr += `${text}\n`),
  };
  return io;
}
