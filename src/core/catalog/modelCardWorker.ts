import { parentPort, workerData } from 'node:worker_threads';
import { renderModelCard } from './modelCardHtml';

/**
 * The body of the worker thread that renders a model card (`renderModelCardInWorker`): the markdown comes in as
 * `workerData`; `{ started: true }` says the renderer loaded, then the sanitized HTML is the second message.
 * Bundled on its own as dist/modelCardWorker.js.
 */
parentPort?.postMessage({ started: true });
parentPort?.postMessage(renderModelCard(String(workerData)));
