import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { PredictionFilter, PredictionsAvailability, PredictionViewRow } from '../../src/protocol/metricsMessages';
import { el } from '../shared/vscodeApi';

/** How many rows a page of the table shows; Show more adds another. */
const PAGE = 100;

export interface PredictionsSource {
  load(filter: PredictionFilter, offset: number, limit: number): Promise<{ rows: PredictionViewRow[]; matching: number }>;
  /** Opens the data file at a record's line. */
  open(line: number): Promise<void>;
}

const describeFailure = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The predictions of an evaluation as a table: every record, or only the mistakes, or one cell of the confusion
 * matrix; each row's line opens the data file there. Rows come a page at a time from the extension.
 */
export class PredictionsTable {
  readonly element: HTMLElement;
  private filter: PredictionFilter = { kind: 'all' };
  private shown = 0;
  /** Bumped by each new filter, so a late page of an older one is dropped. */
  private generation = 0;
  private readonly body = el('tbody', {});
  private readonly count = el('span', { id: 'predictions-count', class: 'hint', 'aria-live': 'polite' });
  private readonly more = el('vscode-button', { id: 'predictions-more', secondary: '', hidden: '' }, 'Show more');
  private readonly problem = el('p', { class: 'warning', id: 'predictions-problem', hidden: '' });
  private readonly mistakesOnly = el('vscode-checkbox', { id: 'mistakes-only', label: 'Only mistakes' });
  private readonly clear = el('vscode-button', { id: 'predictions-all', secondary: '', hidden: '' }, 'Show all');

  constructor(
    private readonly availability: Extract<PredictionsAvailability, { available: true }>,
    private readonly source: PredictionsSource,
  ) {
    const judged = availability.mistakes !== undefined;
    if (!judged) this.mistakesOnly.setAttribute('disabled', '');
    this.mistakesOnly.addEventListener('change', () => void this.show(this.mistakesOnly.checked ? { kind: 'mistakes' } : { kind: 'all' }));
    this.clear.addEventListener('click', () => {
      this.mistakesOnly.checked = false;
      void this.show({ kind: 'all' });
    });
    this.more.addEventListener('click', () => void this.page(this.generation));
    const head = el('tr', {}, ...['Line', 'Input', 'Reference', 'Prediction', ''].map((h) => el('th', { scope: 'col' }, h)));
    this.element = el(
      'div',
      {},
      el('div', { class: 'toolbar' }, this.mistakesOnly, this.clear, this.count),
      this.problem,
      el('div', { class: 'grid-wrap predictions-wrap' }, el('table', { class: 'grid', id: 'predictions' }, el('thead', {}, head), this.body)),
      el('div', { class: 'toolbar' }, this.more),
    );
    void this.show({ kind: 'all' });
  }

  /** Shows the predictions that pass `filter`, from the first. */
  async show(filter: PredictionFilter): Promise<void> {
    this.filter = filter;
    this.shown = 0;
    this.body.replaceChildren();
    this.clear.toggleAttribute('hidden', filter.kind !== 'cell');
    if (filter.kind === 'cell') this.mistakesOnly.checked = false;
    await this.page(++this.generation);
  }

  private async page(generation: number): Promise<void> {
    let answer: { rows: PredictionViewRow[]; matching: number };
    try {
      answer = await this.source.load(this.filter, this.shown, PAGE);
    } catch (error) {
      this.say(describeFailure(error));
      return;
    }
    if (generation !== this.generation) return;
    this.say(undefined);
    this.body.append(...answer.rows.map((row) => this.row(row)));
    this.shown += answer.rows.length;
    this.count.textContent = this.describe(answer.matching);
    this.more.toggleAttribute('hidden', this.shown >= answer.matching);
  }

  private describe(matching: number): string {
    const { total, mistakes } = this.availability;
    const of = `${this.shown.toLocaleString('en-US')} of ${matching.toLocaleString('en-US')}`;
    if (this.filter.kind === 'mistakes') return `Showing ${of} mistakes (${total.toLocaleString('en-US')} predictions)`;
    if (this.filter.kind === 'cell') return `Showing ${of} records of ${this.filter.reference} predicted as ${this.filter.prediction}`;
    return `Showing ${of} predictions${mistakes === undefined ? '' : `, ${mistakes.toLocaleString('en-US')} of them mistakes`}`;
  }

  private say(problem: string | undefined): void {
    this.problem.textContent = problem ?? '';
    this.problem.toggleAttribute('hidden', problem === undefined);
  }

  private row(row: PredictionViewRow): HTMLElement {
    const where = row.line === undefined ? el('td', { class: 'hint' }, `#${row.index + 1}`) : el('td', {}, this.lineLink(row.line));
    const verdict = row.correct === undefined ? '' : row.correct ? '✓' : '✗';
    return el(
      'tr',
      { class: row.correct === false ? 'mistake' : '', 'data-index': String(row.index) },
      where,
      el('td', { class: 'input', title: row.input ?? '' }, row.input ?? ''),
      el('td', {}, row.reference),
      el('td', { class: 'prediction' }, row.prediction),
      el('td', { class: `verdict${row.correct === false ? ' wrong' : row.correct ? ' right' : ''}`, 'aria-label': row.correct === undefined ? '' : row.correct ? 'right' : 'mistake' }, verdict),
    );
  }

  private lineLink(line: number): HTMLElement {
    const label = this.availability.file ? `${this.availability.file}:${line}` : `line ${line}`;
    const link = el('a', { href: '#', class: 'line-link', title: `Open ${label}` }, label);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.source.open(line).catch((error: unknown) => this.say(describeFailure(error)));
    });
    return link;
  }
}
