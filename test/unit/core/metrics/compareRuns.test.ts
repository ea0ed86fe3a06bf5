import assert from 'node:assert/strict';
import { bestOf, compareRuns } from '../../../../src/core/metrics/compareRuns';

describe('compare runs: one column per run, the best value per row', () => {
  it('marks the highest where higher is better and the lowest where lower is better', () => {
    const rows = compareRuns([
      { id: 'a', displayName: 'A', metrics: { accuracy: 0.8, eval_loss: 0.5, perplexity: 12, epoch: 3 } },
      { id: 'b', displayName: 'B', metrics: { accuracy: 0.9, eval_loss: 0.7, perplexity: 9, epoch: 2 } },
      { id: 'c', displayName: 'C', metrics: { accuracy: 0.9, eval_loss: 0.6 } },
    ]);
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    assert.deepEqual(rows.map((row) => row.key), ['accuracy', 'eval_loss', 'perplexity', 'epoch']);
    assert.deepEqual(byKey.accuracy?.best, [1, 2], 'a tie is two winners');
    assert.deepEqual(byKey.eval_loss?.best, [0], 'lower loss is better');
    assert.deepEqual(byKey.perplexity?.values, [12, 9, undefined]);
    assert.deepEqual(byKey.perplexity?.best, [1], 'lower perplexity is better; a run without it is left out');
    assert.deepEqual(byKey.epoch?.best, [], 'no direction, no winner');
    assert.equal(byKey.eval_loss?.displayName, 'Loss (validation)');
  });

  it('names no winner where there is nothing to choose between', () => {
    assert.deepEqual(bestOf([0.5, 0.5], 'higher'), [], 'all equal');
    assert.deepEqual(bestOf([0.5, undefined], 'higher'), [], 'one value');
    assert.deepEqual(bestOf([Number.NaN, 0.2, 0.1], 'lower'), [2], 'NaN is no value');
    assert.deepEqual(bestOf([1, 2], 'none'), []);
  });
});
