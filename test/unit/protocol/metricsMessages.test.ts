import assert from 'node:assert/strict';
import { metricsChannel, MetricsStateSchema } from '../../../src/protocol/metricsMessages';

const job = { id: 'evaluate-20261130-000000-abcd', displayName: 'Evaluate x on reviews.csv', task: 'text-classification', status: 'completed', backend: 'local' };
const request = (method: string, params: unknown) => metricsChannel.parseRequest({ type: 'request', id: 1, method, params });

describe('metrics view protocol', () => {
  it('carries a job’s metrics with its confusion matrix and says whether predictions can be browsed', () => {
    const shown = metricsChannel.parseToWebview({
      type: 'showMetrics',
      job,
      report: { metrics: { accuracy: 0.5 }, confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0], [1, 0]] } },
      predictions: { available: false, reason: 'Predictions are not available for this job.' },
      curves: false,
    });
    assert.equal(shown.ok, true);
    const lopsided = metricsChannel.parseToWebview({ type: 'showMetrics', job, report: { metrics: {}, confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0]] } }, predictions: { available: true, total: 1 }, curves: false });
    assert.equal(lopsided.ok, false, 'a matrix must have a row and a column per label');
    assert.equal(metricsChannel.parseToWebview({ type: 'history', history: { axis: 'epoch', series: [{ key: 'loss', points: [{ x: 0.5, value: 1.1 }] }] }, live: true }).ok, true);
    assert.equal(metricsChannel.parseToWebview({ type: 'showComparison', task: 'text-classification', runs: [{ id: 'a', displayName: 'A', backend: 'local' }], rows: [] }).ok, false, 'a comparison has two runs or more');
  });

  it('checks each request’s parameters: a page of at most 1,000 rows, a real line, a known export', () => {
    assert.equal(request('predictions', { filter: { kind: 'mistakes' }, offset: 0, limit: 100 })?.ok, true);
    assert.equal(request('predictions', { filter: { kind: 'cell', reference: 'a', prediction: 'b' }, offset: 0, limit: 100 })?.ok, true);
    assert.equal(request('predictions', { filter: { kind: 'all' }, offset: 0, limit: 100_000 })?.ok, false);
    assert.equal(request('predictions', { filter: { kind: 'everything' }, offset: 0, limit: 10 })?.ok, false);
    assert.equal(request('openSource', { line: 12 })?.ok, true);
    assert.equal(request('openSource', { line: 0 })?.ok, false);
    assert.equal(request('openSource', { line: 1, file: '/etc/passwd' })?.ok, true, 'unknown keys are dropped: the extension opens only the job’s own file');
    assert.equal(request('export', { what: 'metrics', format: 'csv' })?.ok, true);
    assert.equal(request('export', { what: 'metrics', format: 'xlsx' })?.ok, false);
    assert.equal(request('deleteJob', {})?.ok, false);
  });

  it('restores a job’s view or a comparison after a reload', () => {
    assert.equal(MetricsStateSchema.safeParse({ jobId: 'x' }).success, true);
    assert.equal(MetricsStateSchema.safeParse({ compare: ['a', 'b'] }).success, true);
    assert.equal(MetricsStateSchema.safeParse({ compare: ['a'] }).success, false);
  });
});
