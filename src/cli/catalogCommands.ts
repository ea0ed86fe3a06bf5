import { parseArgs } from 'node:util';
import { formatParameterCount } from '../core/catalog/catalogModel';
import { filterCatalog } from '../core/catalog/catalogQuery';
import { readModelCardFile } from '../core/catalog/modelCardFile';
import { renderModelCard } from '../core/catalog/modelCardHtml';
import { InputFileError } from '../core/inputFiles/regularFile';
import { resolveModelPath } from '../core/catalog/modelPaths';
import { AZURE_CLI_OPTIONS, AZURE_OPTIONS_USAGE } from './cliAzure';
import { backendFromCli } from './cliBackends';
import { EXIT, UsageError, type CliIo } from './cliIo';

export const CATALOG_USAGE = `fm catalog list [--backend local|azure] [--task T] [--license L] [--search Q] [--models DIR]... [--json]
fm catalog show ID [--backend local|azure] [--models DIR]... [--json]
fm card render FILE.md    print a model card's sanitized HTML, exactly as the card shows it
${AZURE_OPTIONS_USAGE}`;

export async function runCatalogCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      task: { type: 'string' },
      license: { type: 'string' },
      search: { type: 'string' },
      models: { type: 'string', multiple: true, default: [] },
      ...AZURE_CLI_OPTIONS,
      json: { type: 'boolean', default: false },
    },
  });
  const localModelPaths = values.models.map((raw) => resolveModelPath(raw, process.cwd()));
  const backend = await backendFromCli(values, { localModelPaths });
  if (values.refresh) backend.catalog.refresh();
  try {
    if (sub === 'list') {
      const listing = await backend.catalog.list({ progress: (message) => io.err(message) });
      for (const warning of listing.warnings) io.err(`warning: ${warning}`);
      const models = filterCatalog(listing.models, values);
      if (values.json) {
        io.out(JSON.stringify(models, null, 2));
      } else {
        for (const m of models) io.out(`${m.id}\t${m.task}\t${m.license}\t${formatParameterCount(m.parameters) ?? ''}`);
        io.err(`${models.length} model${models.length === 1 ? '' : 's'}`);
      }
      return EXIT.ok;
    }
    if (sub === 'show') {
      const id = positionals[0];
      if (!id) throw new UsageError('fm catalog show needs a model id (see fm catalog list).');
      const model = await backend.catalog.get(id);
      if (!model) {
        io.err(`No model "${id}" in the ${backend.displayName} catalog. Run "fm catalog list" to see the ids.`);
        return EXIT.failed;
      }
      if (values.json) io.out(JSON.stringify(model, null, 2));
      else {
        io.out(`${model.name} (${model.id})`);
        io.out(`task: ${model.task}`);
        io.out(`fine-tuning tasks: ${model.fineTuningTasks.join(', ') || 'none'}`);
        io.out(`license: ${model.license}`);
        io.out('');
        io.out(model.description);
      }
      return EXIT.ok;
    }
    throw new UsageError(sub ? `Unknown catalog command "${sub}".` : 'fm catalog needs a command.');
  } finally {
    backend.dispose();
  }
}

/** `fm card render FILE.md`: the HTML the model card webview would show for that markdown. */
export async function runCardCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, file, ...extra] = args;
  if (sub !== 'render' || !file || extra.length > 0) throw new UsageError('Usage: fm card render FILE.md');
  let markdown: string;
  try {
    markdown = await readModelCardFile(file, file);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    // `fm card render` has always said "no such file" for a missing one.
    io.err(`Cannot read ${file}: ${error.problem.message === 'file not found' ? 'no such file' : error.problem.message}`);
    return EXIT.failed;
  }
  io.out(renderModelCard(markdown));
  return EXIT.ok;
}
