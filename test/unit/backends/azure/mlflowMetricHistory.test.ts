import assert from 'node:assert/strict';
import type { JobService } from '../../../../src/backends/backend';
import type { FakeJob } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';

/** A running fine-tuning pipeline whose step logs the Trainer's metrics to MLflow, as the azureml components do. */
function runningFineTune(): FakeJob {
  return {
    name: 'finetune-live',
    jobType: 'Pipeline',
    status: 'Running',
    logs: {},
    metrics: { loss: 0.9 },
    children: [
      {
        name: 'finetune-live-step',
        jobType: 'Command',
        status: 'Running',
        logs: {},
        metricHistory: {
          loss: [{ step: 10, value: 1.1 }, { step: 20, value: 0.95 }, { step: 30, value: 0.7 }],
          eval_loss: [{ step: 25, value: 0.8 }],
          eval_accuracy: [{ step: 25, value: 0.72 }],
          epoch: [{ step: 10, value: 0.5 }, { step: 20, value: 1 }],
          train_runtime: [{ step: 30, value: 12.5 }],
        },
      },
    ],
  };
}

describe('Azure ML metric history: MLflow metrics/get-history against the fake', function () {
  this.timeout(30_000);
  let fixture: AzureFixture;
  let jobs: JobService;

  beforeEach(async () => {
    fixture = await startAzureFixture();
    fixture.workspace.jobs = [runningFineTune()];
    const backend = await fixture.backend();
    assert.ok(backend.jobs?.metricHistory, 'the Azure backend reads metric history');
    jobs = backend.jobs;
  });
  afterEach(async () => fixture.close());

  it('reads each curve of the job and its steps, page after page, by MLflow step; the deepest run with more values wins', async () => {
    const history = await jobs.metricHistory?.('finetune-live');
    assert.equal(history?.axis, 'step');
    assert.deepEqual(history?.series.map((s) => s.key).sort(), ['eval_accuracy', 'eval_loss', 'loss']);
    assert.deepEqual(history?.series.find((s) => s.key === 'loss')?.points, [{ x: 10, value: 1.1 }, { x: 20, value: 0.95 }, { x: 30, value: 0.7 }]);
    const historyRequests = fixture.fake.requests.filter((r) => r.path.endsWith('/api/2.0/mlflow/metrics/get-history'));
    const lossPages = historyRequests.filter((r) => r.query.get('run_id') === 'finetune-live-step' && r.query.get('metric_key') === 'loss');
    assert.equal(lossPages.length, 2, 'three values in pages of two');
    assert.ok(lossPages[1]?.query.get('page_token'), 'the second page asks with the token of the first');
    assert.ok(!historyRequests.some((r) => ['epoch', 'train_runtime'].includes(r.query.get('metric_key') ?? '')), 'what is no curve is not read');
  });

  it('follows the run as it logs more, and says when the run does not exist', async () => {
    const step = fixture.workspace.jobs?.[0]?.children?.[0];
    step?.metricHistory?.eval_loss?.push({ step: 50, value: 0.6 });
    const history = await jobs.metricHistory?.('finetune-live');
    assert.deepEqual(history?.series.find((s) => s.key === 'eval_loss')?.points.map((p) => p.x), [25, 50]);
    await assert.rejects(jobs.metricHistory?.('no-such-job') ?? Promise.resolve(), /not found/);
  });

  it('the fake answers MLflow\'s own errors: a missing metric_key, a bad max_results, an unknown run', async () => {
    const { fake, target } = fixture;
    const tracking = `${fake.url}/mlflow/v1.0/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}`;
    const ask = async (query: string) => {
      const response = await fetch(`${tracking}/api/2.0/mlflow/metrics/get-history?${query}`, { headers: { authorization: `Bearer ${fake.validToken}` } });
      return [response.status, ((await response.json()) as { error_code?: string }).error_code];
    };
    assert.deepEqual(await ask('run_id=finetune-live-step'), [400, 'INVALID_PARAMETER_VALUE']);
    assert.deepEqual(await ask('run_id=finetune-live-step&metric_key=loss&max_results=25001'), [400, 'INVALID_PARAMETER_VALUE']);
    assert.deepEqual(await ask('run_id=nope&metric_key=loss'), [404, 'RESOURCE_DOES_NOT_EXIST']);
    assert.deepEqual(await ask('run_id=finetune-live-step&metric_key=never_logged'), [200, undefined]);
  });
});
