import Papa from 'papaparse';
import type { BlobStore } from './blobStorage';
import type { FakeWorkspace } from './types';

/**
 * What a `model_prediction` node leaves behind, so that a client can read an evaluation's results: its `predictions`
 * and `ground_truth` outputs as JSON Lines (`{"predictions": …}` and `{<label_column_name>: …}` a row, as
 * azureml-assets `model_evaluation/src/model_prediction.py` writes them with pandas `to_json(orient="records",
 * lines=True)`), at the datastore paths the job bound them to. The fake writes them when the job is created (a client
 * reads them once the job has completed), and only on an identity-based datastore, whose blobs it serves.
 *
 * The test data is read as model_prediction reads it, by its extension (azureml-assets `model_evaluation/src/utils.py`
 * `read_dataframe`): `.csv` and `.tsv` with a header row, `.json` as one array, anything else as JSON Lines; so a data
 * asset's own file named in place works as an uploaded canonical copy does.
 *
 * The "model" is the fake's own: every fourth row it predicts another row's reference, so that scores are neither 0
 * nor 1; the other rows it gets right.
 */

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** `azureml://datastores/workspaceblobstore/paths/{path}` → `{path}` on the workspace's identity-based storage. */
function blobPath(ws: FakeWorkspace, uri: unknown): string | undefined {
  if (!ws.storage || ws.storage.key !== undefined || typeof uri !== 'string') return undefined;
  return /^azureml:\/\/datastores\/workspaceblobstore\/paths\/(.+)$/.exec(uri)?.[1];
}

export function writePredictionOutputs(job: Json, ws: FakeWorkspace, blobs: BlobStore): void {
  const storage = ws.storage;
  const nodes = isJson(job.jobs) ? Object.values(job.jobs).filter(isJson) : [];
  const predict = nodes.find((node) => typeof node.componentId === 'string' && node.componentId.includes('/components/model_prediction/'));
  if (!storage || !predict || !isJson(predict.inputs)) return;
  const testPath = blobPath(ws, isJson(predict.inputs.test_data) ? predict.inputs.test_data.uri : undefined);
  const label = isJson(predict.inputs.label_column_name) ? String(predict.inputs.label_column_name.value) : undefined;
  const test = testPath && blobs.read(storage.account, storage.container, testPath);
  if (!test || !label) return;
  const rows = readRows(testPath, test.toString('utf8'));
  const references = rows.map((row) => row[label]);
  const predicted = references.map((reference, i) => (i % 4 === 3 ? references[(i + 1) % references.length] : reference));
  const outputs = isJson(job.outputs) ? job.outputs : {};
  const write = (output: string, lines: unknown[]) => {
    const path = blobPath(ws, isJson(outputs[output]) ? outputs[output].uri : undefined);
    if (path) blobs.write(storage.account, storage.container, path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  };
  write('predictions', predicted.map((value) => ({ predictions: value })));
  write('ground_truth', references.map((value) => ({ [label]: value })));
}

/** The rows of a test file, read by its extension as model_prediction does (see the file comment). */
function readRows(path: string, text: string): Json[] {
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'tsv') {
    const parsed = Papa.parse<Json>(text, { header: true, skipEmptyLines: true, dynamicTyping: true, delimiter: extension === 'tsv' ? '\t' : ',' });
    return parsed.data;
  }
  if (extension === 'json') {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isJson) : [];
  }
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Json);
}
