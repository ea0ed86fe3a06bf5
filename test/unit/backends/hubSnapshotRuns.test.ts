import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCachedHubModel, pullHubModel } from '../../../src/backends/local/hub';
import { loadTextClassifier } from '../../../src/backends/local/localInference';
import { startFakeHub, TINY_SENTIMENT } from '../../fakes/fakeHub';

describe('a pulled snapshot runs with no network', function () {
  this.timeout(60_000);

  it('loads in transformers.js (local files only, fp32) with the Hub stopped, and classifies a sentence', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'fm-hub-run-'));
    const hub = await startFakeHub();
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    try {
      const pulled = await pullHubModel({ repo: 'fm-test/tiny-sentiment', task: 'text-classification' }, { env });
      await hub.stop();
      // The editor's lookup finds the same folder from disk alone.
      const found = await findCachedHubModel('fm-test/tiny-sentiment', 'main', 'text-classification', { env: { HF_HUB_CACHE: cache } });
      assert.equal(found?.folder, pulled.folder);
      assert.equal(found?.onnx?.dtype, 'fp32');

      const classifier = await loadTextClassifier(pulled.folder);
      try {
        const [result] = await classifier.classify(['The battery lasts all day and the screen is lovely.']);
        const labels = Object.values((JSON.parse(readFileSync(path.join(TINY_SENTIMENT, 'config.json'), 'utf8')) as { id2label: Record<string, string> }).id2label);
        assert.ok(result && labels.includes(result.label), JSON.stringify(result));
        assert.ok(result.score > 0 && result.score <= 1);
      } finally {
        await classifier.dispose();
      }
    } finally {
      await hub.stop();
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
