import { isBackendUnavailable } from '../backends/backend';
import { CATALOG_USAGE, runCardCommand, runCatalogCommand } from './catalogCommands';
import { DATASET_USAGE, runDatasetCommand } from './datasetCommands';
import { JOB_USAGE, runJobCommand } from './jobCommands';
import { METRICS_USAGE, runMetricsCommand } from './metricsCommands';
import { MODEL_USAGE, runModelCommand } from './modelCommands';
import { runServeCommand, SERVE_USAGE } from './serveCommands';
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

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'catalog':
        return await runCatalogCommand(rest, io);
      case 'card':
        return await runCardCommand(rest, io);
      case 'dataset':
        return await runDatasetCommand(rest, io);
      case 'job':
        return await runJobCommand(rest, io);
      case 'metrics':
        return await runMetricsCommand(rest, io);
      case 'model':
        return await runModelCommand(rest, io);
      case 'serve':
        return await runServeCommand(rest, io);
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
    if (error instanceof Error && error.name === 'OutputExistsError') {
      io.err(error.message);
      return EXIT.usage;
    }
    if (isBackendUnavailable(error)) {
      io.err(error.message);
      return EXIT.failed;
    }
    // An error without a message (a bare HTTP refusal) still says what it was.
    const message = error instanceof Error ? error.message.trim() || `${error.name} without a message` : String(error);
    io.err(`fm: ${message}`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  // `fm catalog list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void runCli(process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code;
  });
}
