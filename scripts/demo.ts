// `npm run demo`: the packaged extension in a real VS Code (code-server) on the local backend, `samples/` open.
// Prints the URL to open in a browser; Ctrl-C stops everything it started.
import path from 'node:path';
import { startCodeServer } from '../test/harness/codeServer';
import { repoRoot } from '../test/harness/codeServerInstall';

async function main(): Promise<void> {
  const port = process.env.FM_DEMO_PORT ? Number(process.env.FM_DEMO_PORT) : undefined;
  const server = await startCodeServer({
    vsix: path.join(repoRoot, 'dist', 'foundation-models.vsix'),
    workspace: path.join(repoRoot, 'samples'),
    // The fixture model is the demo's default: right-click reviews.csv → Evaluate… scores it on this machine.
    settings: {
      'foundationModels.backend': 'local',
      'foundationModels.localModelPaths': [path.join(repoRoot, 'test', 'fixtures', 'models', 'tiny-sentiment')],
    },
    port,
    log: (line) => console.log(line),
  });
  console.log(
    `\nFoundation Models demo is running (local backend).\n\n  Open ${server.url}\n\n` +
      'Try: right-click reviews.csv → Evaluate… (the fixture model scores it), or the Endpoints view → Deploy Model… →\n' +
      'tiny-sentiment, then Test Endpoint.\n\nPress Ctrl-C to stop.',
  );
  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping code-server…`);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
