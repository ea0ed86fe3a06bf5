import assert from 'node:assert/strict';
import { abortableDelay } from '../../../src/core/abortableDelay';

describe('abortable delay', () => {
  it('resolves after the time and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
    const started = Date.now();
    await abortableDelay(20, signal);
    assert.ok(Date.now() - started >= 15);
    assert.equal(listeners, 0);
  });

  it("rejects as soon as the signal aborts, with the signal's reason when it is an Error", async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);

    const plain = new AbortController();
    const waitingPlain = abortableDelay(60_000, plain.signal);
    plain.abort();
    await assert.rejects(waitingPlain, (error: Error) => error.name === 'AbortError');

    const notAnError = new AbortController();
    const waitingOther = abortableDelay(60_000, notAnError.signal);
    notAnError.abort('a string');
    await assert.rejects(waitingOther, (error: Error) => error.name === 'AbortError' && error.message === 'Aborted');
  });

  it('rejects at once when the signal has already aborted', async () => {
    const started = Date.now();
    await assert.rejects(abortableDelay(60_000, AbortSignal.abort()), (error: Error) => error.name === 'AbortError');
    assert.ok(Date.now() - started < 1_000);
  });
});
