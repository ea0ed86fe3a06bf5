import assert from 'node:assert/strict';
import { metricCharts, parseTrainerLogLine, trainerLogHistory } from '../../../../src/core/metrics/metricHistory';

/** A text-classification fine-tune's log as our trainer script prints it (transformers 4.4x, disable_tqdm=True). */
const LOG = [
  '48 train records, 12 validation records; labels: negative, neutral, positive',
  "{'loss': 1.0986, 'grad_norm': 2.5433, 'learning_rate': 1.3333e-05, 'epoch': 0.33}",
  "{'loss': 1.0412, 'grad_norm': 2.1, 'learning_rate': 6.6667e-06, 'epoch': 0.67}",
  "{'eval_loss': 1.0101, 'eval_accuracy': 0.5, 'eval_runtime': 0.0871, 'eval_samples_per_second': 137.8, 'eval_steps_per_second': 11.48, 'epoch': 1.0}",
  "{'loss': 0.9002, 'grad_norm': 1.9, 'learning_rate': 0.0, 'epoch': 1.33}",
  "{'eval_loss': 0.8123, 'eval_accuracy': np.float64(0.75), 'eval_runtime': 0.08, 'eval_samples_per_second': 150.0, 'eval_steps_per_second': 12.5, 'epoch': 2.0}",
  "{'train_runtime': 4.2, 'train_samples_per_second': 22.8, 'train_steps_per_second': 1.4, 'train_loss': 1.0, 'epoch': 2.0}",
  "{'test_loss': 0.8, 'test_accuracy': 0.7, 'epoch': 2.0}",
];

describe('metric history: the Trainer log as curves', () => {
  it('reads the dicts the Trainer prints, NumPy scalars, exponents and nan included, and nothing else', () => {
    assert.deepEqual(parseTrainerLogLine("{'loss': 1.0986, 'learning_rate': 1.3333e-05, 'epoch': 0.33}"), { loss: 1.0986, learning_rate: 1.3333e-5, epoch: 0.33 });
    assert.deepEqual(parseTrainerLogLine("  {'eval_accuracy': np.float64(0.75), \"it's\": 2, 'grad_norm': nan, 'epoch': 1}  "), { eval_accuracy: 0.75, "it's": 2, epoch: 1 });
    assert.equal(parseTrainerLogLine("{'label': 'positive', 'epoch': 1.0}"), undefined, 'a string value: not a Trainer log');
    assert.equal(parseTrainerLogLine('{}'), undefined);
    assert.equal(parseTrainerLogLine('Epoch 1: loss 0.5'), undefined);
    assert.equal(parseTrainerLogLine("{'loss': 1.0 'epoch': 1}"), undefined, 'no comma between entries');
  });

  it('turns a fine-tune log into series against the epoch, leaving out timing, summaries and the test part', () => {
    const history = trainerLogHistory(LOG);
    assert.equal(history.axis, 'epoch');
    assert.deepEqual(history.series.map((s) => s.key), ['loss', 'grad_norm', 'learning_rate', 'eval_loss', 'eval_accuracy']);
    assert.deepEqual(history.series.find((s) => s.key === 'loss')?.points, [{ x: 0.33, value: 1.0986 }, { x: 0.67, value: 1.0412 }, { x: 1.33, value: 0.9002 }]);
    assert.deepEqual(history.series.find((s) => s.key === 'eval_accuracy')?.points, [{ x: 1, value: 0.5 }, { x: 2, value: 0.75 }]);
  });

  it('groups series into charts by measure: training and validation loss together, loss first, the run’s own figures last', () => {
    const charts = metricCharts(trainerLogHistory(LOG));
    assert.deepEqual(charts.map((c) => c.title), ['Loss', 'Accuracy', 'Gradient norm', 'Learning rate']);
    assert.deepEqual(charts[0]?.lines.map((l) => [l.key, l.label]), [['loss', 'training'], ['eval_loss', 'validation']]);
    assert.equal(charts[0]?.better, 'lower');
    assert.deepEqual(charts[1]?.lines.map((l) => l.label), ['validation']);
    assert.deepEqual(metricCharts({ axis: 'step', series: [{ key: 'loss', points: [] }] }), [], 'a series with no point draws nothing');
  });
});
