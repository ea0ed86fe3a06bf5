import type { TaskId } from '../tasks';

/**
 * Which files of a Hugging Face repository a model needs to run here (transformers.js on onnxruntime), judged from
 * the repository's file names alone: no network, no disk. The Hub lists them; the cache scan passes a snapshot's.
 *
 * transformers.js 4 (read in `dist/transformers.node.cjs`: `MODEL_SESSION_CONFIG`, `get_model_files`,
 * `DEFAULT_DTYPE_SUFFIX_MAPPING`, `getExternalDataChunkNames`) loads an encoder or a decoder-only model from
 * `onnx/model{suffix}.onnx` and an encoder-decoder model from `onnx/encoder_model{suffix}.onnx` +
 * `onnx/decoder_model_merged{suffix}.onnx`, where the suffix names the weights' data type (`""` fp32, `_fp16`,
 * `_quantized` q8, …), and a graph over 2 GB keeps its weights beside it in `{graph}_data`, `{graph}_data_1`, ….
 */

/** The ONNX layouts transformers.js runs: one graph, or an encoder and a merged decoder. */
export type OnnxLayout = 'single' | 'seq2seq';

/** transformers.js data types and the file-name suffix of each, in the order we prefer them (fp32 first). */
export const ONNX_DTYPE_SUFFIXES = [
  ['fp32', ''],
  ['fp16', '_fp16'],
  ['q8', '_quantized'],
  ['int8', '_int8'],
  ['uint8', '_uint8'],
  ['q4', '_q4'],
  ['q4f16', '_q4f16'],
  ['bnb4', '_bnb4'],
] as const;

export type OnnxDtype = (typeof ONNX_DTYPE_SUFFIXES)[number][0];

const GRAPHS: Readonly<Record<OnnxLayout, readonly string[]>> = {
  single: ['onnx/model'],
  seq2seq: ['onnx/encoder_model', 'onnx/decoder_model_merged'],
};

/** Always needed besides the graphs. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json'] as const;
/** Taken when the repository has them: tokenizer settings, generation defaults, and the model card. */
const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'README.md'] as const;

export interface HubFileChoice {
  /** Repository-relative paths (forward slashes), metadata first, graphs last. */
  readonly files: readonly string[];
  readonly layout: OnnxLayout;
  /** The data type of the chosen graphs, to pass to transformers.js as `dtype`. */
  readonly dtype: OnnxDtype;
}

export type HubFileChoiceResult = { readonly choice: HubFileChoice } | { readonly problem: string };

/** The layout a task's models have: generation from an encoder-decoder for summarization and translation. */
export function layoutForTask(task: TaskId): OnnxLayout {
  return task === 'summarization' || task === 'translation' ? 'seq2seq' : 'single';
}

function graphsWithDtype(names: ReadonlySet<string>, layout: OnnxLayout): { dtype: OnnxDtype; graphs: string[] } | undefined {
  for (const [dtype, suffix] of ONNX_DTYPE_SUFFIXES) {
    const graphs = GRAPHS[layout].map((base) => `${base}${suffix}.onnx`);
    if (graphs.every((graph) => names.has(graph))) return { dtype, graphs };
  }
  return undefined;
}

/** A graph's external-data files as the repository has them (`model.onnx_data`, `model.onnx_data_1`, …). */
function externalData(names: readonly string[], graph: string): string[] {
  const prefix = `${graph}_data`;
  return names.filter((name) => name === prefix || (name.startsWith(`${prefix}_`) && /^\d+$/.test(name.slice(prefix.length + 1)))).sort();
}

/**
 * The files to fetch for `repo` (named only in the problem sentences). With a task, its layout must be there;
 * without one, an encoder-decoder pair wins over a single graph, as a repository with both is a seq2seq export.
 */
export function chooseHubFiles(repo: string, names: readonly string[], task?: TaskId): HubFileChoiceResult {
  const set = new Set(names);
  const layouts: OnnxLayout[] = task ? [layoutForTask(task)] : ['seq2seq', 'single'];
  let found: { layout: OnnxLayout; dtype: OnnxDtype; graphs: string[] } | undefined;
  for (const layout of layouts) {
    const graphs = graphsWithDtype(set, layout);
    if (graphs) {
      found = { layout, ...graphs };
      break;
    }
  }
  if (!found) {
    const hasOnnx = names.some((name) => name.endsWith('.onnx'));
    const wanted = layouts.flatMap((layout) => GRAPHS[layout].map((base) => `${base}.onnx`)).join(' or ');
    return {
      problem: hasOnnx
        ? `${repo} has ONNX files, but not the ones transformers.js runs${task ? ` for ${task}` : ''} (${wanted}); pick an ONNX export made for transformers.js (onnx-community/… or Xenova/… on the Hub), or use the Azure backend.`
        : `${repo}: this repository has no ONNX export; look for one made for transformers.js on the Hub (onnx-community/… or Xenova/…), or use the Azure backend for this model.`,
    };
  }
  const missing = REQUIRED_FILES.filter((file) => !set.has(file));
  if (missing.length > 0) return { problem: `${repo} has an ONNX export but no ${missing.join(' or ')}, which transformers.js needs to run it.` };
  const files = [...REQUIRED_FILES, ...OPTIONAL_FILES.filter((file) => set.has(file)), ...found.graphs.flatMap((graph) => [graph, ...externalData(names, graph)])];
  return { choice: { files, layout: found.layout, dtype: found.dtype } };
}
