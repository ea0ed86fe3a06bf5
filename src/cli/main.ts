import { isBackendUnavailable } from '../backends/backend';
import { describeFileError, InputFileError } from '../core/inputFiles/regularFile';
import { CATALOG_USAGE, runCardCommand, runCatalogCommand } from './catalogCommands';
import { DATASET_USAGE, runDatasetCommand } from './datasetCommands';
import { JOB_USAGE, runJobCommand } from './jobCommands';
import { METRICS_USAGE, runMetricsCommand } from './metricsCommands';
import { MODEL_USAGE, runModelCommand } from './modelCommands';
import { runServeCommand, SERVE_USAGE } from './serveCommands';
import { abortOnSignals } from './cliSignals';
import { EXIT, processIo, UsageError, type CliIo } from './cliIo';

const USAGE = `fm — Foundation Models from the command line (the same core as the VS Code extension)

${CATALOG_USAGE}
${DATASET_USAGE}
${JOB_USAGE}
${METRICS_USAGE}
${MODEL_USAGE}
${SERVE_USAGE}
fm --version`;

declare const FM_VERSION: string | undefined;

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/** An error no command turned into its own sentence: a file-system one in words (no errno code), else its message. */
function lastResortMessage(error: unknown): string {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.syscall === 'string' && typeof errno.code === 'string') {
    return `${errno.path ? `${errno.path}: ` : ''}${describeFileError(error)}`;
  }
  // An error without a message (a bare HTTP refusal) still says what it was.
  return error instanceof Error ? error.message.trim() || `${error.name} without a message` : String(error);
}

/** Runs one `fm` command; `signal` (Ctrl-C, SIGTERM) stops it, and it cleans up what it was writing. */
export async function runCli(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'catalog':
        return await runCatalogCommand(rest, io);
      case 'card':
        return await runCardCommand(rest, io);
      case 'dataset':
        return await runDatasetCommand(rest, io, signal);
      case 'job':
        return await runJobCommand(rest, io, process.env, signal);
      case 'metrics':
        return await runMetricsCommand(rest, io);
      case 'model':
        return await runModelCommand(rest, io, { signal });
      case 'serve':
        return await runServeCommand(rest, io, { signal });
      case '--version':
        io.out(typeof FM_VERSION === 'string' ? FM_VERSION : 'development');
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof Error && (error.name === 'OutputExistsError' || error.name === 'OutputFolderError')) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof InputFileError) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof Error && error.name === 'UnmappableFileError') {
      io.err(error.message);
      return EXIT.failed;
    }
    if (isAbort(error)) {
      io.err('Stopped before the end: nothing was left half-written.');
      return EXIT.interrupted;
    }
    if (isBackendUnavailable(error)) {
      io.err(error.message);
      return EXIT.failed;
    }
    io.err(`fm: ${lastResortMessage(error)}`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  // `fm catalog list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const interrupt = abortOnSignals();
  void runCli(process.argv.slice(2), processIo, interrupt.signal).then((code) => {
    interrupt.dispose();
    process.exitCode = code === EXIT.interrupted ? (interrupt.exitCode() ?? code) : code;
  });
}
