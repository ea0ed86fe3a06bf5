import { Worker } from 'node:worker_threads';
import { CARD_RENDER_MS } from '../inputLimits';

/**
 * Renders a model card on a worker thread with a time limit, so that no card, however hostile, holds the thread
 * that asks (the extension host) for longer than `CARD_RENDER_MS`: past it the worker is stopped and the card says
 * so. `renderModelCard` already refuses cards past the size and nesting limits; this bounds what is left, a card
 * within them that is slow to parse. Should the worker not start at all, `inProcess` renders instead.
 */

/** The notice a card shows when its rendering ran out of time (sanitized HTML, as `renderModelCard` returns). */
export function timedOutCard(ms: number): string {
  return `<p class="card-limit"><strong>This model card took longer than ${ms / 1000} s to render and is not shown: read its README where the model is published.</strong></p>\n`;
}

export async function renderModelCardInWorker(markdown: string, workerFile: string, inProcess: (markdown: string) => Promise<string>, ms = CARD_RENDER_MS): Promise<string> {
  let worker: Worker;
  try {
    worker = new Worker(workerFile, { workerData: markdown, resourceLimits: { maxOldGenerationSizeMb: 256 } });
  } catch {
    return inProcess(markdown);
  }
  return new Promise<string>((resolve) => {
    let settled = false;
    let started = false;
    const settle = (html: string | Promise<string>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(html);
    };
    const timer = setTimeout(() => settle(timedOutCard(ms)), ms);
    worker.on('message', (message: unknown) => {
      if (typeof message === 'string') settle(message);
      else started = true;
    });
    // A worker that cannot load its script leaves the card to the in-process renderer (which refuses the cards that
    // are too large or too deep); one that failed while rendering (out of its memory) leaves a notice.
    worker.once('error', () => settle(started ? failedCard() : inProcess(markdown)));
    worker.once('exit', () => settle(started ? failedCard() : inProcess(markdown)));
  });
}

function failedCard(): string {
  return '<p class="card-limit"><strong>This model card could not be rendered: read its README where the model is published.</strong></p>\n';
}
