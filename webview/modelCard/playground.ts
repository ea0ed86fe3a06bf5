import type { InferenceInput, InferenceOptions, InferenceOutput } from '../../src/core/inference/inferenceTypes';
import type { Playground, TryResult } from '../../src/protocol/modelCardMessages';
import { el } from '../shared/vscodeApi';

/** What the playground needs of the card's channel: a run, its cancel, and the remedy buttons. */
export interface PlaygroundHost {
  run(input: InferenceInput, options: InferenceOptions, endpoint: string | undefined): Promise<TryResult>;
  /** The id the next run will carry (its streamed text names it). */
  nextRunId(): number;
  cancel(): void;
  remedy(remedy: Extract<Playground['runner'], { kind: 'unavailable' }>['remedies'][number]['remedy']): void;
}

const percent = (score: number) => `${(score * 100).toFixed(1)}%`;

function textArea(id: string, value: string, rows: number, label: string): HTMLTextAreaElement {
  const area = el('textarea', { id, rows: String(rows), 'aria-label': label, spellcheck: 'false' });
  area.value = value;
  return area;
}

function numberField(id: string, label: string, value: number, min: number, max: number, step = '1'): HTMLElement {
  return el('label', { class: 'try-option', for: id }, `${label} `, el('input', { id, type: 'number', min: String(min), max: String(max), step, value: String(value) }));
}

/** A score as a bar and its figure, for labels and mask tokens. */
function scoreRow(name: string, score: number, detail?: string): HTMLElement {
  const bar = el('div', { class: 'bar', role: 'presentation' });
  bar.style.width = percent(score);
  return el('li', { class: 'score-row' }, el('span', { class: 'score-name' }, name), el('div', { class: 'bar-track' }, bar), el('span', { class: 'score-value' }, percent(score)), ...(detail ? [el('div', { class: 'hint score-detail' }, detail)] : []));
}

/** `text` with the spans marked (entities, an answer), each mark labelled; the rest stays plain text. */
function marked(text: string, spans: readonly { start: number; end: number; label: string; title: string }[]): HTMLElement {
  const out = el('p', { class: 'marked-text' });
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at || span.end > text.length) continue;
    out.append(text.slice(at, span.start), el('mark', { title: span.title }, text.slice(span.start, span.end), el('span', { class: 'mark-label' }, span.label)));
    at = span.end;
  }
  out.append(text.slice(at));
  return out;
}

/** A result drawn as a person wants it: bars, marks in the text, the answer in its context, the written text. */
function drawOutput(output: InferenceOutput, input: InferenceInput): HTMLElement {
  switch (output.kind) {
    case 'labels':
      return el('ul', { class: 'scores', id: 'try-labels' }, ...output.labels.map((l) => scoreRow(l.label, l.score)));
    case 'entities': {
      const text = 'text' in input ? input.text : '';
      if (output.entities.length === 0) return el('p', { class: 'hint' }, 'No entity found in the text.');
      return marked(text, output.entities.map((e) => ({ start: e.start, end: e.end, label: e.type, title: `${e.type} · ${percent(e.score)}` })));
    }
    case 'answer': {
      const context = 'context' in input ? input.context : '';
      if (!output.answer) return el('p', { class: 'hint' }, 'The model found no answer in the context.');
      return el('div', {}, el('p', { id: 'try-answer' }, el('strong', {}, 'Answer: '), output.answer, el('span', { class: 'hint' }, ` · ${percent(output.score)}`)), marked(context, [{ start: output.start, end: output.end, label: 'answer', title: percent(output.score) }]));
    }
    case 'tokens':
      return el('ul', { class: 'scores', id: 'try-tokens' }, ...output.tokens.map((t) => scoreRow(t.token.trim() || t.token, t.score, t.sequence)));
    case 'text':
      return el('div', { class: 'written-text', id: 'try-text-output' }, output.text);
  }
}

/** The form fields of the task's input, filled with the sample (or what was typed before a re-render). */
function inputFields(playground: Playground, input: InferenceInput): HTMLElement[] {
  if (playground.input === 'question') {
    const question = el('input', { id: 'try-question', 'aria-label': 'Question', value: 'question' in input ? input.question : '' });
    return [el('label', { for: 'try-question' }, 'Question'), question, el('label', { for: 'try-context' }, 'Context'), textArea('try-context', 'context' in input ? input.context : '', 5, 'Context')];
  }
  const text = 'text' in input ? input.text : '';
  const label = playground.output === 'tokens' ? `Text, with ${playground.maskToken ?? '[MASK]'} where the missing word goes` : playground.task === 'text-generation' ? 'Prompt' : 'Text';
  const fields = [el('label', { for: 'try-text' }, label), textArea('try-text', text, playground.output === 'text' ? 4 : 3, label)];
  if (playground.input === 'text-pair') fields.push(el('label', { for: 'try-pair' }, 'Second text (optional, for sentence pairs)'), textArea('try-pair', 'text' in input ? (input.textPair ?? '') : '', 2, 'Second text'));
  return fields;
}

function optionFields(playground: Playground): HTMLElement[] {
  if (playground.output === 'tokens' || playground.output === 'labels') return [numberField('try-top-k', playground.output === 'tokens' ? 'Tokens' : 'Labels', 5, 1, 50)];
  if (playground.output !== 'text') return [];
  const fields = [numberField('try-max-tokens', 'Max new tokens', 64, 1, 2048)];
  if (playground.task === 'text-generation') fields.push(numberField('try-temperature', 'Temperature', 0, 0, 2, '0.1'));
  return fields;
}

const valueOf = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.value;

function readInput(playground: Playground): InferenceInput {
  if (playground.input === 'question') return { question: valueOf('try-question') ?? '', context: valueOf('try-context') ?? '' };
  const pair = valueOf('try-pair')?.trim();
  return { text: valueOf('try-text') ?? '', ...(playground.input === 'text-pair' && pair ? { textPair: pair } : {}) };
}

function readOptions(): InferenceOptions {
  const number = (id: string) => {
    const value = valueOf(id);
    return value === undefined || value === '' ? undefined : Number(value);
  };
  const [topK, maxNewTokens, temperature] = [number('try-top-k'), number('try-max-tokens'), number('try-temperature')];
  return { ...(topK ? { topK } : {}), ...(maxNewTokens ? { maxNewTokens } : {}), ...(temperature ? { temperature } : {}) };
}

/**
 * The card's "Try it": a form that fits the task, prefilled with the model's sample; Run sends it here or to the chosen
 * endpoint, Cancel stops it; the result is drawn by its shape, a generation as it is written, with the time taken.
 * When the model cannot run, the section says why, with the buttons that would make it possible.
 */
export function renderPlayground(playground: Playground, host: PlaygroundHost): { element: HTMLElement; onText(requestId: number, text: string): void } {
  const section = el('section', { id: 'playground', 'aria-labelledby': 'playground-title' }, el('h2', { id: 'playground-title' }, `Try it · ${playground.taskName}`));
  const { runner } = playground;
  if (runner.kind === 'unavailable') {
    const buttons = runner.remedies.map((r) => {
      const button = el('vscode-button', { secondary: '' }, r.label);
      button.addEventListener('click', () => host.remedy(r.remedy));
      return button;
    });
    section.append(el('div', { class: 'notice', id: 'playground-unavailable', role: 'status' }, el('span', {}, runner.reason), ...(buttons.length ? [el('div', { class: 'notice-actions' }, ...buttons)] : [])));
    return { element: section, onText: () => undefined };
  }
  const endpointSelect = runner.kind === 'endpoints' ? el('select', { id: 'try-endpoint', 'aria-label': 'Endpoint' }, ...runner.endpoints.map((name) => el('option', { value: name }, name))) : undefined;
  const run = el('vscode-button', { id: 'try-run' }, 'Run');
  const cancel = el('vscode-button', { id: 'try-cancel', secondary: '', hidden: '' }, 'Cancel');
  const status = el('span', { id: 'try-status', class: 'hint', 'aria-live': 'polite' }, runner.kind === 'thisMachine' ? 'Runs on this machine.' : 'Runs on the endpoint you choose.');
  const result = el('div', { id: 'try-result', 'aria-live': 'polite' });
  let current = -1;
  run.addEventListener('click', () => {
    const input = readInput(playground);
    current = host.nextRunId();
    const id = current;
    run.setAttribute('disabled', '');
    cancel.removeAttribute('hidden');
    status.textContent = 'Running…';
    result.replaceChildren();
    host
      .run(input, readOptions(), endpointSelect?.value)
      .then((answer) => {
        if (id !== current) return;
        status.textContent = `${answer.durationMs.toLocaleString('en-US')} ms · ${answer.where}`;
        result.replaceChildren(answer.output ? drawOutput(answer.output, input) : el('div', {}, el('p', { class: 'hint' }, 'The endpoint answered in a shape the playground does not draw:'), el('pre', { class: 'raw-answer' }, answer.raw ?? '')));
      })
      .catch((error: unknown) => {
        if (id === current) status.textContent = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        if (id !== current) return;
        run.removeAttribute('disabled');
        cancel.setAttribute('hidden', '');
      });
  });
  cancel.addEventListener('click', () => host.cancel());
  section.append(
    el('div', { class: 'try-form' }, ...inputFields(playground, playground.sample)),
    el('div', { class: 'try-controls' }, ...(endpointSelect ? [el('label', { for: 'try-endpoint' }, 'Endpoint '), endpointSelect] : []), ...optionFields(playground), run, cancel, status),
    result,
  );
  return {
    element: section,
    onText: (requestId, text) => {
      if (requestId === current) result.replaceChildren(el('div', { class: 'written-text', id: 'try-text-output' }, text));
    },
  };
}
