import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel } from '../../core/catalog/catalogModel';
import { displayNameFromCard } from '../../core/catalog/displayName';
import { splitFrontMatter, type SplitCard } from '../../core/catalog/frontMatter';
import { readModelCardFile } from '../../core/catalog/modelCardFile';
import { languagesFromFrontMatter } from '../../core/catalog/modelLanguages';
import { fineTuningTasksFor, normalizeTaskName, taskFromArchitecture } from '../../core/catalog/modelTask';
import { openRegularFile, readSmallTextFile } from '../../core/inputFiles/regularFile';
import { MAX_JSON_DEPTH, MAX_MODEL_METADATA_BYTES, formatLimitBytes } from '../../core/inputLimits';
import { nestingOverflowAt, nestsDeeperThan, tooDeepMessage } from '../../core/jsonNesting';
import { isTaskId, type TaskId } from '../../core/tasks';
import { onnxExportOf } from './onnxFolder';

/**
 * Model folders on disk, named in `foundationModels.localModelPaths`. A named path is either a model folder
 * itself or a folder of model folders (two levels deep at most, as in `models/<org>/<name>`). Two layouts are
 * recognised:
 * - Hugging Face: `config.json` (the task comes from `architectures`, or the README's `pipeline_tag`), an
 *   optional `README.md` model card with YAML front matter (license), and safetensors weights whose headers
 *   give the parameter count;
 * - MLflow: an `MLmodel` file (the task from the transformers flavor or Azure ML's metadata).
 * Every file is read only when it is a regular file, within a size limit, and its nesting bounded (see
 * `core/inputLimits.ts`); a folder whose files are not is listed as a problem that says which file and why.
 */

export interface ModelFolderScan {
  readonly models: CatalogModel[];
  /** One line per path or folder that could not be read, saying which and why. */
  readonly problems: string[];
}

const MAX_DEPTH = 2;

const HfConfigSchema = z.looseObject({
  architectures: z.array(z.string()).optional(),
  model_type: z.string().optional(),
});

const FrontMatterSchema = z.looseObject({
  license: z.string().optional(),
  pipeline_tag: z.string().optional(),
  /** A tag or a list of them; read by `languagesFromFrontMatter`, which skips what is not a string. */
  language: z.unknown().optional(),
});

const MlmodelSchema = z.looseObject({
  flavors: z.record(z.string(), z.looseObject({}).nullable()).optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** `optional` paths (the registered-models folder) may be missing or empty without a warning. */
export async function scanModelFolders(paths: readonly string[], signal?: AbortSignal, optional: readonly string[] = []): Promise<ModelFolderScan> {
  const models: CatalogModel[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  const visit = async (folder: string, depth: number, named: boolean): Promise<void> => {
    signal?.throwIfAborted();
    if (seen.has(folder)) return;
    seen.add(folder);
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch (error) {
      if (named) problems.push(`${folder}: ${readableFsError(error)}. Check foundationModels.localModelPaths.`);
      return;
    }
    const names = new Set(entries);
    if (names.has('MLmodel') || names.has('config.json')) {
      try {
        models.push(names.has('MLmodel') ? await readMlflowFolder(folder, names) : await readHuggingFaceFolder(folder, names));
      } catch (error) {
        problems.push(`${folder}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    if (depth >= MAX_DEPTH) return;
    const children = await Promise.all(
      entries
        .filter((name) => !name.startsWith('.'))
        .map(async (name) => ((await isDirectory(path.join(folder, name))) ? path.join(folder, name) : undefined)),
    );
    for (const child of children) if (child) await visit(child, depth + 1, false);
    if (named && depth === 0 && !models.some((m) => m.path?.startsWith(folder))) {
      problems.push(`${folder}: no model folder found (a model folder holds config.json or MLmodel).`);
    }
  };

  for (const folder of paths) await visit(folder, 0, !optional.includes(folder));
  return { models, problems };
}

/** The task of one model folder, as the catalog reads it (config.json's architecture, the README's pipeline_tag). */
export async function folderTask(folder: string): Promise<TaskId | undefined> {
  const { models } = await scanModelFolders([folder]);
  const task = models[0]?.task;
  return task && isTaskId(task) ? task : undefined;
}

async function readHuggingFaceFolder(folder: string, names: Set<string>): Promise<CatalogModel> {
  const config = HfConfigSchema.safeParse(await readJson(path.join(folder, 'config.json')));
  if (!config.success) throw new Error(`config.json: ${z.prettifyError(config.error)}`);
  const card = await readCard(folder, names);
  const front = card?.yaml ? await parseFrontMatter(card.yaml) : {};
  const architecture = config.data.architectures?.[0];
  const task = (front.pipeline_tag && normalizeTaskName(front.pipeline_tag)) || (architecture && taskFromArchitecture(architecture)) || 'unknown';
  return folderModel(folder, {
    task,
    license: front.license,
    languages: languagesFromFrontMatter(front.language),
    card,
    layout: 'Hugging Face',
    detail: architecture ?? config.data.model_type,
    parameters: await safetensorsParameterCount(folder, names),
    weights: await weightFormats(folder, names),
  });
}

async function readMlflowFolder(folder: string, names: Set<string>): Promise<CatalogModel> {
  const { parse } = await import('yaml');
  const yaml = await readMetadata(path.join(folder, 'MLmodel'));
  if (nestingOverflowAt(yaml, MAX_JSON_DEPTH) !== -1) throw new Error(`MLmodel: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
  let raw: unknown;
  try {
    raw = parse(yaml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The YAML parser recurses per level of block nesting and reports running out of stack as a parse error.
    if (/Maximum call stack/.test(message)) throw new Error(`MLmodel: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
    throw new Error(`MLmodel is not valid YAML: ${message}`);
  }
  const mlmodel = MlmodelSchema.safeParse(raw);
  if (!mlmodel.success) throw new Error(`MLmodel: ${z.prettifyError(mlmodel.error)}`);
  const flavors = mlmodel.data.flavors ?? {};
  const metadata = mlmodel.data.metadata ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  // mlflow.transformers writes `transformers.task`; Azure ML's own flavors write `task_type`.
  const taskName =
    text(flavors.transformers?.task) ??
    text(flavors.hftransformersv2?.task_type) ??
    text(flavors.hftransformers?.task_type) ??
    text(metadata.base_model_task) ??
    text(metadata.task);
  const task = taskName ? normalizeTaskName(taskName) : 'unknown';
  const card = await readCard(folder, names);
  const front = card?.yaml ? await parseFrontMatter(card.yaml) : {};
  return folderModel(folder, {
    task,
    license: text(metadata.license),
    languages: languagesFromFrontMatter(front.language),
    card,
    layout: 'MLflow',
    detail: Object.keys(flavors).join(', ') || 'no flavors',
  });
}

interface FolderFacts {
  readonly task: string;
  readonly license: string | undefined;
  /** From the README's front matter `language`. */
  readonly languages: Pick<CatalogModel, 'languages' | 'languageCount'>;
  readonly card: SplitCard | undefined;
  /** The layout and a detail (architecture, flavors), said in the description when there is no README. */
  readonly layout: 'Hugging Face' | 'MLflow';
  readonly detail: string | undefined;
  readonly parameters?: number | undefined;
  readonly weights?: CatalogModel['weights'];
}

/** PyTorch weights as Trainer saves them; an index names the shards of a large model. */
export const PYTORCH_WEIGHTS = /^(model.*\.safetensors|pytorch_model.*\.bin|model\.safetensors\.index\.json)$/;

/**
 * The forms of the folder's weights: an ONNX export transformers.js runs (config, tokenizer, and `onnx/model.onnx` or
 * the encoder-decoder pair, in any data type: `onnxFolder.ts`), PyTorch weights the Trainer fine-tunes.
 */
async function weightFormats(folder: string, names: Set<string>): Promise<CatalogModel['weights']> {
  const formats: NonNullable<CatalogModel['weights']> = [];
  if (await onnxExportOf(folder)) formats.push('onnx');
  if ([...names].some((name) => PYTORCH_WEIGHTS.test(name))) formats.push('pytorch');
  return formats;
}

function folderModel(folder: string, facts: FolderFacts): CatalogModel {
  const name = path.basename(folder);
  return CatalogModelSchema.parse({
    id: `local-folder/${folder}`,
    name,
    displayName: facts.card ? displayNameFromCard(facts.card.body) : undefined,
    collection: 'local-folder',
    task: facts.task,
    fineTuningTasks: fineTuningTasksFor(facts.task),
    license: facts.license ?? 'unknown',
    description: facts.card
      ? facts.card.body
      : `# ${name}\n\nModel folder on this machine, ${facts.layout} layout${facts.detail ? ` (${facts.detail})` : ''}. It has no README.md model card.`,
    publisher: 'This machine',
    parameters: facts.parameters,
    ...facts.languages,
    path: folder,
    weights: facts.weights,
    source: folder,
  });
}

/** A metadata file (`config.json`, `MLmodel`): a regular file of at most `MAX_MODEL_METADATA_BYTES`. */
function readMetadata(file: string): Promise<string> {
  return readSmallTextFile(file, MAX_MODEL_METADATA_BYTES, (size) => `is ${formatLimitBytes(size)}, more than the ${formatLimitBytes(MAX_MODEL_METADATA_BYTES)} a model's metadata file may be`);
}

async function readJson(file: string): Promise<unknown> {
  const text = await readMetadata(file);
  const name = path.basename(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (nestingOverflowAt(text, MAX_JSON_DEPTH) !== -1) throw new Error(`${name}: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${name} is not valid JSON: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`);
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH, text.length)) throw new Error(`${name}: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
  return value;
}

async function readCard(folder: string, names: Set<string>): Promise<SplitCard | undefined> {
  return names.has('README.md') ? splitFrontMatter(await readModelCardFile(path.join(folder, 'README.md'))) : undefined;
}

async function parseFrontMatter(yaml: string): Promise<z.infer<typeof FrontMatterSchema>> {
  const { parse } = await import('yaml');
  if (nestingOverflowAt(yaml, MAX_JSON_DEPTH) !== -1) return {};
  try {
    const parsed = FrontMatterSchema.safeParse(parse(yaml));
    return parsed.success ? parsed.data : {};
  } catch {
    return {}; // a broken front matter costs the metadata, not the card
  }
}

/**
 * Sums the element counts in the headers of `*.safetensors` files (an 8-byte little-endian length, then a JSON
 * header of tensor shapes), so the size is known without reading the weights.
 */
async function safetensorsParameterCount(folder: string, names: Set<string>): Promise<number | undefined> {
  const files = [...names].filter((name) => name.endsWith('.safetensors'));
  if (files.length === 0) return undefined;
  let total = 0;
  for (const file of files) {
    // The count is a detail: a weights file that is not a regular file, or has a header out of bounds, costs it.
    const opened = await openRegularFile(path.join(folder, file)).catch(() => undefined);
    if (!opened) return undefined;
    const { handle, size } = opened;
    try {
      const length = Buffer.alloc(8);
      await handle.read(length, 0, 8, 0);
      const headerLength = Number(length.readBigUInt64LE(0));
      if (headerLength <= 0 || headerLength > MAX_MODEL_METADATA_BYTES || headerLength > size - 8) return undefined;
      const header = Buffer.alloc(headerLength);
      await handle.read(header, 0, headerLength, 8);
      const tensors: unknown = JSON.parse(header.toString('utf8'));
      if (typeof tensors !== 'object' || tensors === null || nestsDeeperThan(tensors, MAX_JSON_DEPTH)) return undefined;
      for (const [key, tensor] of Object.entries(tensors as Record<string, { shape?: unknown } | null>)) {
        if (key === '__metadata__' || !tensor || !Array.isArray(tensor.shape)) continue;
        total += tensor.shape.reduce((product: number, dim: unknown) => product * (typeof dim === 'number' ? dim : 0), 1);
      }
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }
  return total > 0 ? total : undefined;
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

function readableFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'ENOTDIR') return 'is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return error instanceof Error ? error.message : String(error);
}
