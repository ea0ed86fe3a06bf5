import { parseArgs } from 'node:util';
import { BackendIdSchema } from '../backends/backend';
import { createBackend } from '../backends/createBackend';
import { formatParameterCount } from '../core/catalog/catalogModel';
import { filterCatalog } from '../core/catalog/catalogQuery';
import { EXIT, UsageError, type CliIo } from './cliIo';

export const CATALOG_USAGE = `fm catalog list [--backend local|azure] [--task T] [--license L] [--search Q] [--json]
fm catalog show ID [--backend local|azure] [--json]`;

function parseBackend(value: string | undefined) {
  const parsed = BackendIdSchema.safeParse(value ?? 'local');
  if (!parsed.success) throw new UsageError(`--backend must be "local" or "azure", not "${value}".`);
  return parsed.data;
}

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
      json: { type: 'boolean', default: false },
    },
  });
  const backend = await createBackend(parseBackend(values.backend));
  try {
    if (sub === 'list') {
      const models = filterCatalog(await backend.catalog.list(), values);
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
