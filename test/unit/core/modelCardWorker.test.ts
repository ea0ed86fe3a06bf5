import assert from 'node:assert/strict';
import path from 'node:path';
import { renderModelCard } from '../../../src/core/catalog/modelCardHtml';
import { renderModelCardInWorker, timedOutCard } from '../../../src/core/catalog/modelCardWorkerHost';

/** The worker from its source, through a bootstrap that registers tsx in the worker thread. */
const WORKER = path.resolve(__dirname, '../../support/modelCardWorker.cjs');
const inProcess = async (markdown: string) => `in process: ${renderModelCard(markdown)}`;

describe('model card rendering on a worker thread', function () {
  this.timeout(20_000);

  it('renders what renderModelCard renders, off this thread', async () => {
    const markdown = '# Title\n\n<script>alert(1)</script>Some *text*.';
    assert.equal(await renderModelCardInWorker(markdown, WORKER, inProcess), renderModelCard(markdown));
  });

  it('stops a rendering that runs past its time, and the card says so', async () => {
    const slow = '*a **b'.repeat(40_000);
    const started = performance.now();
    assert.equal(await renderModelCardInWorker(slow, WORKER, inProcess, 50), timedOutCard(50));
    assert.ok(performance.now() - started < 1000);
    assert.match(timedOutCard(2000), /took longer than 2 s to render/);
  });

  it('renders in process when the worker cannot start', async () => {
    assert.match(await renderModelCardInWorker('# Here', path.join(__dirname, 'no-such-worker.js'), inProcess), /^in process: <h1>Here<\/h1>/);
  });
});
