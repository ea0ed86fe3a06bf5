import assert from 'node:assert/strict';
import { computeTaskMetrics } from '../../../../src/core/metrics';
import { describeMetric, formatMetricValue, METRIC_NAMES, summarizeMetrics } from '../../../../src/core/metrics/metricNames';
import { TASK_IDS, TASKS, type MetricFamily, type TaskId } from '../../../../src/core/tasks';

/** Predictions and references of one task of each metric family, to make its engine report every name it has. */
const SAMPLES: Readonly<Record<MetricFamily, { task: TaskId; predictions: unknown[]; references: unknown[] }>> = {
  classification: { task: 'text-classification', predictions: ['a', 'b', 'a'], references: ['a', 'b', 'b'] },
  'sequence-labelling': { task: 'token-classification', predictions: [['B-PER', 'O']], references: [['B-PER', 'B-LOC']] },
  'extractive-qa': { task: 'question-answering', predictions: ['1976'], references: [['1976']] },
  rouge: { task: 'summarization', predictions: ['hello there'], references: ['hello there general'] },
  bleu: { task: 'translation', predictions: ['the cat sat on the mat'], references: ['the cat sat on a mat'] },
  'rouge-and-bleu': { task: 'text-generation', predictions: ['hello there general kenobi'], references: ['hello there general kenobi'] },
  'exact-match': { task: 'fill-mask', predictions: ['Paris'], references: ['Paris'] },
};

describe('metric names: a display name and a meaning for every metric a job reports', () => {
  it('every name each metric engine reports has its own entry', () => {
    const families = new Set(TASK_IDS.map((id) => TASKS[id].metrics.family));
    assert.deepEqual([...families].filter((family) => !(family in SAMPLES)), [], 'a family without a sample here');
    const missing = Object.values(SAMPLES).flatMap(({ task, predictions, references }) =>
      Object.keys(computeTaskMetrics(task, predictions, references).metrics).filter((key) => !Object.hasOwn(METRIC_NAMES, key)).map((key) => `${task}: ${key}`),
    );
    assert.deepEqual(missing, []);
  });

  it('names what the Hugging Face Trainer logs, and its eval_/test_/train_ parts', () => {
    // The keys of Trainer.log / evaluate / train (transformers trainer.py, speed_metrics) and of our FM_METRICS line.
    const trainer = ['loss', 'grad_norm', 'learning_rate', 'epoch', 'eval_loss', 'eval_accuracy', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second',
      'train_runtime', 'train_samples_per_second', 'train_steps_per_second', 'train_loss', 'total_flos', 'test_loss', 'test_accuracy', 'runtime'];
    assert.deepEqual(trainer.filter((key) => !describeMetric(key).known), []);
    assert.deepEqual(describeMetric('eval_accuracy'), {
      key: 'eval_accuracy', known: true, displayName: 'Accuracy (validation)', better: 'higher',
      meaning: 'share of records whose prediction equals the reference; on the validation data',
    });
    assert.equal(describeMetric('train_loss').displayName, 'Loss (training)');
    assert.equal(describeMetric('test_f1_score_macro').displayName, 'F1 (macro) (test)');
  });

  it('gives each entry a display name, a one-line meaning and a direction; lower is better for losses and perplexity', () => {
    for (const [key, entry] of Object.entries(METRIC_NAMES)) {
      assert.match(entry.displayName, /^[A-Z]/, `${key} has a display name`);
      assert.ok(entry.meaning.length > 10 && !entry.meaning.includes('\n'), `${key} has a one-line meaning`);
    }
    assert.deepEqual(['loss', 'log_loss', 'perplexity', 'eval_loss'].map((key) => describeMetric(key).better), ['lower', 'lower', 'lower', 'lower']);
    assert.deepEqual(['accuracy', 'f1_score_macro', 'sacrebleu', 'rougeL'].map((key) => describeMetric(key).better), ['higher', 'higher', 'higher', 'higher']);
    assert.equal(describeMetric('epoch').better, 'none');
  });

  it('keeps an unknown key as it is, with no meaning and no direction', () => {
    assert.deepEqual(describeMetric('my_custom_score'), { key: 'my_custom_score', known: false, displayName: 'my_custom_score', meaning: '', better: 'none' });
    assert.equal(describeMetric('constructor').known, false); // not an Object.prototype member
  });

  it('summarizes and formats values for notifications and tables', () => {
    assert.equal(summarizeMetrics({ accuracy: 0.9123, f1_score_macro: 0.87, precision_score_macro: 0.8, recall_score_macro: 0.7 }), 'Accuracy 0.912, F1 (macro) 0.870, Precision (macro) 0.800');
    assert.equal(summarizeMetrics({ eval_runtime: 0.1, epoch: 2, eval_loss: 0.86, eval_accuracy: 0.67 }), 'Loss (validation) 0.860, Accuracy (validation) 0.670');
    assert.equal(summarizeMetrics({ epoch: 2 }), 'Epoch 2', 'a run’s own figures where there is nothing else');
    assert.equal(formatMetricValue(3), '3');
    assert.equal(formatMetricValue(0.123456), '0.1235');
    assert.equal(formatMetricValue(0.00002), '2.00e-5');
  });
});
