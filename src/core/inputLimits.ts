/**
 * The structural limits of everything this product reads from a user or a third party: datasets, metrics files,
 * model folders, model cards and request bodies. They are in one place so that a reader never invents its own, and
 * so that a message can say the limit it enforced. Each is far above what real data needs and far below what would
 * freeze the extension host or exhaust memory.
 */

/** Objects and arrays nested deeper than this (the top-level record or body is level 1) are refused. */
export const MAX_JSON_DEPTH = 64;

/** A line (JSON Lines, metrics files) or a record (CSV, an item of a `.json` array) longer than this many characters is refused. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** A model card (README) above this many bytes is not rendered; the card says so. */
export const MAX_CARD_BYTES = 256 * 1024;

/**
 * A model card file (README.md) above this many bytes is not read whole: the card shows its beginning and says so.
 * (Larger than `MAX_CARD_BYTES` because YAML front matter, which the card drops, can be large.)
 */
export const MAX_CARD_FILE_BYTES = 4 * 1024 * 1024;

/** A model card whose HTML nests elements deeper than this is not rendered as HTML; the card says so. */
export const MAX_CARD_NESTING = 100;

/** A model card that takes longer than this to render on its worker thread is not shown; the card says so. */
export const CARD_RENDER_MS = 2000;

/** `config.json` and `MLmodel` of a model folder above this many bytes are refused (real ones are a few KB). */
export const MAX_MODEL_METADATA_BYTES = 16 * 1024 * 1024;

/** A predictions or references file above this many bytes is refused: `fm metrics` holds all records in memory. */
export const MAX_METRICS_FILE_BYTES = 256 * 1024 * 1024;

/**
 * ROUGE-L compares every token of a prediction with every token of its reference: a pair whose token counts
 * multiply to more than this is refused (10,000 tokens each, or 1,000 against 100,000).
 */
export const MAX_ROUGE_PAIR_COMPARISONS = 100_000_000;

/** Above this many classes a classification report leaves out its confusion matrix (it grows with the square). */
export const MAX_CONFUSION_MATRIX_LABELS = 500;

/**
 * A data asset's file above this many bytes is not copied to this machine for the job panel (a local file is read
 * where it is; an asset's is copied whole into the extension's storage first): the message says the limit.
 */
export const MAX_DATA_ASSET_BYTES = 2 * 1024 * 1024 * 1024;

/** `16 MB`, `512 KB`: a limit in the words a message uses. */
export function formatLimitBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
