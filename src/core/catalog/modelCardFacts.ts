import { isTaskId, TASKS } from '../tasks';
import { formatParameterCount, type CatalogModel } from './catalogModel';
import { sourceUrl } from './modelLinks';

/** One row of a model card's facts table; `href` makes the value a link (https only, from `sourceUrl`). */
export interface CardFact {
  readonly label: string;
  readonly value: string;
  readonly href?: string | undefined;
}

/** How many recommended VM sizes a row names before it says how many more there are. */
const SIZES_SHOWN = 3;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

function languageName(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** `English, French, German`; `100 languages (English, French…)` when the catalog gives a count beyond the list. */
export function describeLanguages(model: Pick<CatalogModel, 'languages' | 'languageCount'>): string | undefined {
  const names = (model.languages ?? []).map(languageName);
  const count = model.languageCount;
  if (count !== undefined && count > names.length) return names.length ? `${count} languages (${names.join(', ')}…)` : `${count} languages`;
  return names.length ? names.join(', ') : undefined;
}

/** `Standard_NC4as_T4_v3, Standard_NC8as_T4_v3, Standard_NC16as_T4_v3 and 40 more`. */
function describeSizes(sizes: readonly string[] | undefined): string | undefined {
  if (!sizes?.length) return undefined;
  const shown = sizes.slice(0, SIZES_SHOWN).join(', ');
  return sizes.length > SIZES_SHOWN ? `${shown} and ${sizes.length - SIZES_SHOWN} more` : shown;
}

function describeWeights(model: Pick<CatalogModel, 'path' | 'weights' | 'trainingPath'>): string | undefined {
  // A curated model's PyTorch weights (its Hub source) lie in a folder of their own, said after the ONNX export's.
  const training = model.trainingPath && model.weights?.includes('pytorch') ? `${model.trainingPath} · PyTorch weights (trains here)` : undefined;
  const inPath = (model.weights ?? []).filter((form) => form === 'onnx' || !training);
  const forms = inPath.map((form) => (form === 'onnx' ? 'ONNX export (runs here)' : 'PyTorch weights (trains here)'));
  const here = model.path ? (forms.length ? `${model.path} · ${forms.join(', ')}` : model.path) : undefined;
  return [here, training].filter(Boolean).join('; ') || undefined;
}

/**
 * The facts a card's table shows, in the order a person reads them: what the model does, how big it is, what it may
 * be used for (license), in which languages, where it comes from, and where it runs. Rows without a value are left
 * out rather than shown empty; what the backend can do with the model is added by the card itself.
 */
export function modelCardFacts(model: CatalogModel): CardFact[] {
  const task = isTaskId(model.task) ? TASKS[model.task].displayName : model.task;
  const rows: (CardFact | undefined)[] = [
    { label: 'Task', value: task },
    model.parameters !== undefined ? { label: 'Parameters', value: (formatParameterCount(model.parameters) ?? '').replace(/ params$/, '') } : undefined,
    { label: 'License', value: model.license },
    optional('Languages', describeLanguages(model)),
    model.source ? { label: 'Source', value: model.source, href: sourceUrl(model) } : undefined,
    optional('Publisher', model.publisher),
    optional('Version', model.version),
    optional('On this machine', describeWeights(model)),
    optional('Azure ML inference sizes', describeSizes(model.azureCompute?.inference)),
    optional('Azure ML fine-tuning sizes', describeSizes(model.azureCompute?.fineTuning)),
  ];
  return rows.filter((row): row is CardFact => row !== undefined);
}

function optional(label: string, value: string | undefined): CardFact | undefined {
  return value ? { label, value } : undefined;
}
