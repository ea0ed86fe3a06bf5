import type { DataJobSpec } from '../../core/jobs/jobModel';
import { TASKS } from '../../core/tasks';

/**
 * An evaluation whose test data is a registered data asset reads the asset's file where it is, instead of a copy
 * uploaded by this extension: the job's `test_data` is the asset's data path (its `dataUri`, and the file inside a
 * `uri_folder`), and the components are told the file's own column names. model_prediction reads a `.csv`, `.tsv`,
 * `.json` or `.jsonl` file by its extension (azureml-assets `model_evaluation/src/utils.py` `read_dataframe`) and keeps
 * the columns it is given (`_clean_and_validate_dataset`), so a file of those kinds whose mapped columns are top-level
 * columns needs nothing of ours. Anything else (a nested field such as `answers.text`, another format) and every
 * fine-tune, whose components want reshaped records, still goes as the converted copy.
 *
 * Why the data path and not `azureml:<name>:<version>`: the path is the form of job input this extension already sends
 * (uploaded data) and the service takes; what azure-ai-ml resolves a named data asset to in a pipeline job's REST body
 * is not fixed by a public schema. The job's tags keep the asset's name and version.
 */
export interface AssetJobInput {
  /** The job input's `uri`. */
  readonly uri: string;
  /** Role → the file's column, for `input_column_names` and `label_column_name`. */
  readonly columns: Readonly<Record<string, string>>;
  /** The column of the references in the ground truth model_prediction writes. */
  readonly referenceColumn?: string | undefined;
}

const READ_IN_PLACE = /\.(csv|tsv|jsonl|json)$/i;

/** The asset read in place for this job, or undefined when its data must be converted and uploaded. */
export function assetJobInput(spec: DataJobSpec): AssetJobInput | undefined {
  const asset = spec.data.asset;
  if (spec.kind !== 'evaluate' || !asset || spec.data.testFile) return undefined;
  const file = asset.dataType === 'uri_folder' ? asset.path : asset.uri;
  if (!file || !READ_IN_PLACE.test(file)) return undefined;
  const columns = spec.data.mapping;
  // A dotted or indexed path names a field inside a column: only our conversion flattens it.
  if (Object.values(columns).some((column) => /[.[\]]/.test(column))) return undefined;
  const uri = asset.dataType === 'uri_folder' ? `${asset.uri.replace(/\/+$/, '')}/${asset.path}` : asset.uri;
  const { referenceRole } = TASKS[spec.task];
  return { uri, columns, referenceColumn: referenceRole ? columns[referenceRole] : undefined };
}
