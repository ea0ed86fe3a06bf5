import type { TaskSample } from '../../../core/tasks';
import { sampleFor, TASKS, isTaskId } from '../../../core/tasks';
import type { InferenceInput, InferenceOptions } from '../../../core/inference/inferenceTypes';
import type { SampleRequestModel } from '../../backend';

/**
 * A first scoring request for an MLflow "no-code" deployment of a model, in the shape its signature takes (audit F9;
 * azureml-assets `mlflow_score_script.py`):
 *
 * 1. a model with named inputs (`inputColumns`: one fine-tuned here, trained on those columns) takes pandas' split
 *    orientation, `{"input_data": {"columns": […], "index": [0], "data": [[…]]}}`, as the azureml-examples fine-tune
 *    notebooks score their models;
 * 2. else the model card's own sample (the first JSON block with `input_data`, as the `azureml` registry's cards have
 *    one under "Sample input");
 * 3. else its task's form as the current cards show it: `{"input_data": ["…"]}`, or for question answering
 *    `{"input_data": {"question": "…", "context": "…"}}`. (The older `{"input_data": {"input_string": […]}}` is the
 *    legacy form the scoring script unwraps only with `parameters`.)
 */
export function azureSampleRequest(model: SampleRequestModel): unknown {
  const sample = sampleFor(model.task);
  if (model.inputColumns && model.inputColumns.length > 0) {
    return { input_data: { columns: model.inputColumns, index: [0], data: [model.inputColumns.map((column) => columnSample(model.task, column, sample, model.sampleInput))] } };
  }
  const fromCard = cardSample(model.description);
  if (fromCard !== undefined) return fromCard;
  if ('question' in sample) return { input_data: { question: sample.question, context: sample.context } };
  return { input_data: [model.sampleInput ?? sample.text] };
}

/** A value for one named input: the task's sample for the role of that name (a list of words for a list role). */
function columnSample(task: string | undefined, column: string, sample: TaskSample, sampleInput: string | undefined): unknown {
  const text = sampleInput ?? ('text' in sample ? sample.text : sample.context);
  if ('question' in sample) return column === 'question' ? sample.question : sample.context;
  const role = task && isTaskId(task) ? TASKS[task].roles.find((r) => r.name === column) : undefined;
  return role?.kind === 'string-list' ? text.split(/\s+/).filter(Boolean) : text;
}

/** The first fenced JSON block of a model card that is a request (`{"input_data": …}`), if any. */
function cardSample(card: string | undefined): unknown {
  for (const match of (card ?? '').matchAll(/```json\s*\n([\s\S]*?)```/g)) {
    try {
      const parsed: unknown = JSON.parse(match[1] ?? '');
      if (parsed && typeof parsed === 'object' && 'input_data' in parsed) return parsed;
    } catch {
      // not JSON: the next block, perhaps
    }
  }
  return undefined;
}

/**
 * The request for one playground input, in the shape `azureSampleRequest` chooses for the model: its named inputs
 * (split orientation), a question with its context, or a list of one text. A generation's limits go in `parameters`
 * beside `input_string`, the form the MLflow scoring script reads them from (its legacy form, which it still takes).
 */
export function azureRequestFor(model: SampleRequestModel, input: InferenceInput, options: InferenceOptions = {}): unknown {
  const text = 'question' in input ? input.context : input.text;
  if (model.inputColumns && model.inputColumns.length > 0) {
    const value = (column: string) => ('question' in input ? (column === 'question' ? input.question : input.context) : column === 'sentence2' && input.textPair !== undefined ? input.textPair : text);
    return { input_data: { columns: model.inputColumns, index: [0], data: [model.inputColumns.map(value)] } };
  }
  if ('question' in input) return { input_data: { question: input.question, context: input.context } };
  const parameters = { ...(options.maxNewTokens ? { max_new_tokens: options.maxNewTokens } : {}), ...(options.temperature ? { temperature: options.temperature, do_sample: true } : {}) };
  if (Object.keys(parameters).length) return { input_data: { input_string: [input.text], parameters } };
  return { input_data: [input.text] };
}
