// First: before any zod schema is built (see zodConfig.ts).
import '../shared/zodConfig';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import * as z from 'zod';
import {
  JobFormSchema,
  jobPanelChannel,
  type JobFormDraft,
  type JobPanelInit,
  type JobPanelToWebview,
  type PanelProblem,
  type PanelProblemGroup,
  type ValidationResult,
} from '../../src/protocol/jobPanelMessages';
import { TrainingSettingsSchema, type TrainingSettings } from '../../src/core/trainingSettings';
import type { TaskId } from '../../src/core/tasks/taskIds';
import { connect, el } from '../shared/vscodeApi';

const root = document.getElementById('root') as HTMLElement;
const NOT_MAPPED = '';
const VALIDATE_DELAY_MS = 250;

let init: JobPanelInit | undefined;
let form: JobFormDraft | undefined;
let suggestions: Map<string, { column: string; confidence: number; reason: string }> = new Map();
let validateTimer: ReturnType<typeof setTimeout> | undefined;
/** The id of the newest validate request: progress and results of older ones are stale. */
let currentValidation = -1;
/** What the newest validation said of the file with the current mapping. */
let validity: 'unchecked' | 'checking' | 'valid' | 'invalid' = 'unchecked';
/** The validation status and problems last shown: a render (a split or task change) shows them again. */
let lastStatus: { state: StatusState; text: string; fraction?: number } = { state: 'idle', text: '' };
let lastGroups: PanelProblemGroup[] = [];
/** A guess below this is said next to the Task field: the columns did not say clearly what the file holds. */
const SURE_GUESS = 0.6;

type StatusState = 'running' | 'valid' | 'invalid' | 'idle';

// A message the schema refuses is said in the panel, not only in the console: a silent drop looks like a hang.
const channel = connect(jobPanelChannel, z.unknown(), (message) => handle(message), (problem) => showNotice(`${problem}. Close and open the panel again; if it persists, see Foundation Models: Show Log.`));

function handle(message: JobPanelToWebview): void {
  switch (message.type) {
    case 'init':
      init = message;
      form = structuredClone(message.form);
      setSuggestions(message.suggestions);
      render();
      scheduleValidation(0);
      break;
    case 'update':
      if (!init) break;
      init = { ...init, models: message.models, notices: message.notices };
      render();
      break;
    case 'validationProgress':
      if (message.requestId === currentValidation) showStatus('running', `Validating the whole file… ${Math.round(message.fraction * 100)}%`, message.fraction);
      break;
  }
}

/** A notice with its buttons (Sign in, Download Model, Copy Install Command…), each running its command. */
function renderNotice(notice: Pick<JobPanelInit['notices'][number], 'text' | 'actions'>, id?: string): HTMLElement {
  const buttons = notice.actions.map((action) => {
    const button = el('vscode-button', { secondary: '' }, action.label);
    button.addEventListener('click', () => channel.post({ type: 'runCommand', command: action.command, args: action.args }));
    return button;
  });
  return el('div', { class: 'notice', role: 'status', ...(id ? { id } : {}) }, el('span', {}, notice.text), ...(buttons.length ? [el('div', { class: 'notice-actions' }, ...buttons)] : []));
}

/** What keeps this form from being submitted, as the backend says it (first the most specific), or undefined. */
function submitBlocker(current: JobPanelInit, state: JobFormDraft): string | undefined {
  // The data first: its problems are fixed right here, in the mapping above.
  if (validity === 'invalid') return 'Fix the problems above (or map other columns) to submit.';
  const task = current.tasks.find((t) => t.id === state.task);
  if (task?.unsupported) return task.unsupported;
  const blocked = current.models.find((m) => m.id === state.modelId)?.blocked.find((b) => b.task === state.task);
  if (blocked) return blocked.reason;
  if (!state.modelId) return 'Choose a model.';
  const notice = current.notices.find((n) => n.blocking)?.text;
  if (notice) return notice;
  if (validity === 'checking') return 'Checking the file…';
  if (validity === 'unchecked') return 'The file was not checked; change the mapping to check it again.';
  return undefined;
}

function showNotice(text: string): void {
  root.prepend(el('div', { class: 'notice warning' }, text));
}

/** A request's failure, said next to Submit. */
function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function changeTask(task: TaskId): Promise<void> {
  const { suggestions: list } = await channel.request('suggest', { task });
  if (!form || form.task !== task) return;
  setSuggestions(list);
  form.mapping = Object.fromEntries(list.filter((s) => s.column).map((s) => [s.role, s.column as string]));
  render();
  scheduleValidation(0);
}

async function validate(task: TaskId, mapping: Record<string, string>): Promise<void> {
  currentValidation = channel.nextRequestId;
  const id = currentValidation;
  validity = 'checking';
  updateSubmit();
  showStatus('running', 'Validating the whole file…', 0);
  let result: ValidationResult;
  try {
    result = await channel.request('validate', { task, mapping });
  } catch (error) {
    if (id === currentValidation) showStatus('invalid', describeFailure(error));
    return;
  }
  if (id !== currentValidation) return;
  if (result.status === 'cancelled') {
    validity = 'unchecked';
    updateSubmit();
    showStatus('idle', 'Validation cancelled.');
    return;
  }
  validity = result.valid ? 'valid' : 'invalid';
  if (result.valid) showStatus('valid', `valid: ${result.validRecords.toLocaleString('en-US')} records`);
  else showStatus('invalid', describeProblems(result));
  showProblems(result.groups);
  updateSubmit();
}

/** `60 problems in 60 records (every one is in the Problems panel)`, or how many of them it lists. */
function describeProblems(result: Extract<ValidationResult, { status: 'done' }>): string {
  const total = result.totalProblems;
  const kinds = result.groups.length > 1 ? `${result.groups.length} kinds; ` : '';
  const listed = result.listedInProblemsPanel >= total ? 'every one is in the Problems panel' : `the first ${result.listedInProblemsPanel.toLocaleString('en-US')} are in the Problems panel`;
  return `${total.toLocaleString('en-US')} problem${total === 1 ? '' : 's'} in ${result.records.toLocaleString('en-US')} records (${kinds}${listed})`;
}

async function chooseFile(purpose: 'validation' | 'test'): Promise<void> {
  const { path } = await channel.request('chooseFile', { purpose });
  if (path && form?.split.mode === 'files') {
    if (purpose === 'validation') form.split.validationFile = path;
    else form.split.testFile = path;
    render();
  }
}

async function submitForm(state: JobFormDraft): Promise<void> {
  const result = byId('submit-result');
  const parsed = JobFormSchema.safeParse(state);
  if (!parsed.success) {
    result.textContent = `Check the form: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    result.className = 'warning';
    return;
  }
  try {
    const { message } = await channel.request('submit', { form: parsed.data });
    result.textContent = message;
    result.className = 'ok';
  } catch (error) {
    result.textContent = describeFailure(error);
    result.className = 'warning';
  }
}

function setSuggestions(list: JobPanelInit['suggestions']): void {
  suggestions = new Map(list.filter((s) => s.column).map((s) => [s.role, { column: s.column as string, confidence: s.confidence, reason: s.reason }]));
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function select(id: string, options: [value: string, label: string][], value: string, onChange: (value: string) => void): HTMLSelectElement {
  const element = el('select', { id });
  for (const [optionValue, label] of options) element.append(el('option', { value: optionValue }, label));
  element.value = value;
  element.addEventListener('change', () => onChange(element.value));
  return element;
}

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, ...(hint ? [el('span', { class: 'hint' }, hint)] : []));
}

function numberInput(id: string, value: number, step: string, onChange: (value: number) => void): HTMLInputElement {
  const input = el('input', { id, type: 'number', step, value: String(value) });
  input.addEventListener('change', () => onChange(Number(input.value)));
  return input;
}

function scheduleValidation(delay = VALIDATE_DELAY_MS): void {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(() => {
    if (form) void validate(form.task, form.mapping);
  }, delay);
}

function showStatus(state: StatusState, text: string, fraction?: number): void {
  lastStatus = { state, text, fraction };
  const status = byId('validation-status');
  status.className = `status ${state}`;
  status.replaceChildren(el('span', { id: 'validation-text' }, text));
  if (state === 'running') {
    const bar = el('progress', { max: '1', value: String(fraction ?? 0), 'aria-label': 'Validation progress' });
    const cancel = el('vscode-button', { id: 'cancel-validation', secondary: '' }, 'Cancel');
    cancel.addEventListener('click', () => channel.post({ type: 'cancelValidation' }));
    status.append(bar, cancel);
  }
  if (state !== 'invalid') showProblems([]);
}

/** A problem as a `file:line` link that opens the file at its line (plain text when it has no line). */
function problemLink(problem: PanelProblem): HTMLElement {
  if (problem.line === undefined) return el('span', {}, problem.text);
  const link = el('a', { href: '#', class: 'problem-link', title: `Open line ${problem.line}` }, problem.text);
  const line = problem.line;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    channel.post({ type: 'openProblem', line });
  });
  return link;
}

/** One line per kind of problem (role and rule) with its count, then its first records as links. */
function showProblems(groups: PanelProblemGroup[]): void {
  lastGroups = groups;
  byId('problems').replaceChildren(
    ...groups.map((group) => {
      const records = group.count > 1 ? ` — ${group.count.toLocaleString('en-US')} records` : '';
      const head = el('div', { class: 'group-head' }, ...(group.role ? [el('strong', {}, group.role), ' '] : []), `${group.summary}${records}`);
      const examples = group.examples.map((example) => el('li', {}, problemLink(example)));
      const more = group.count > group.examples.length ? [el('li', { class: 'hint' }, `and ${(group.count - group.examples.length).toLocaleString('en-US')} more`)] : [];
      return el('li', { class: 'problem-group' }, head, el('ul', { class: 'examples' }, ...examples, ...more));
    }),
  );
}

function updateSubmit(): void {
  const submit = document.getElementById('submit');
  if (!submit || !form) return;
  const blocker = init ? submitBlocker(init, form) : 'Reading the file…';
  submit.toggleAttribute('disabled', blocker !== undefined);
  submit.title = blocker ?? '';
  byId('submit-blocked').textContent = blocker ?? '';
}

function renderMapping(current: JobPanelInit, state: JobFormDraft): HTMLElement {
  const task = current.tasks.find((t) => t.id === state.task);
  const columns: [string, string][] = [[NOT_MAPPED, '— not mapped —'], ...current.preview.columns.map((c): [string, string] => [c.name, `${c.name} (${c.type})`])];
  const rows = (task?.roles ?? []).map((role) => {
    const suggestion = suggestions.get(role.name);
    const control = select(`role-${role.name}`, columns, state.mapping[role.name] ?? NOT_MAPPED, (value) => {
      const mapping = { ...state.mapping };
      if (value === NOT_MAPPED) delete mapping[role.name];
      else mapping[role.name] = value;
      state.mapping = mapping;
      render();
      scheduleValidation();
    });
    const column = state.mapping[role.name];
    const sharedWith = column === undefined ? [] : Object.entries(state.mapping).filter(([other, c]) => other !== role.name && c === column).map(([other]) => other);
    // A column mapped to two roles is almost always a slip: said on the row, not refused (a QA file may reuse one).
    // The suggestion's confidence is shown only while the role still holds the suggested column.
    const confidence = sharedWith.length
      ? el('span', { class: 'confidence warning', role: 'note' }, `${column} is also mapped to ${sharedWith.join(', ')}`)
      : suggestion && column === suggestion.column
        ? el('span', { class: 'confidence', title: suggestion.reason }, `suggested, ${Math.round(suggestion.confidence * 100)}%`)
        : el('span', { class: 'confidence' });
    return el(
      'div',
      { class: 'role-row' },
      el('label', { for: control.id, title: role.description }, `${role.name}${role.required ? '' : ' (optional)'}`),
      control,
      confidence,
    );
  });
  return el('section', { 'aria-labelledby': 'mapping-title' }, el('h2', { id: 'mapping-title' }, 'Columns'), ...rows);
}

function renderPreview(current: JobPanelInit, state: JobFormDraft): void {
  const roleOf = new Map(Object.entries(state.mapping).map(([role, column]) => [column, role]));
  const head = el('tr', {}, ...current.preview.columns.map((c) => el('th', { class: roleOf.has(c.name) ? 'mapped' : '' }, c.name, ...(roleOf.has(c.name) ? [el('span', { class: 'role-tag' }, `→ ${roleOf.get(c.name)}`)] : []))));
  const body = current.preview.rows.map((row) => el('tr', {}, ...row.map((cell, i) => el('td', { class: roleOf.has(current.preview.columns[i]?.name ?? '') ? 'mapped' : '', title: cell }, cell.length > 120 ? `${cell.slice(0, 117)}…` : cell))));
  byId('preview').replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

function renderSplit(state: JobFormDraft): HTMLElement {
  const automatic = state.split.mode === 'automatic';
  const mode = select('split-mode', [['automatic', 'Automatic split (seeded, stratified by label)'], ['files', 'Separate files']], state.split.mode, (value) => {
    state.split = value === 'automatic' ? { mode: 'automatic', train: 80, validation: 10, test: 10 } : { mode: 'files' };
    render();
  });
  const details: HTMLElement[] = [];
  if (state.split.mode === 'automatic') {
    const split = state.split;
    for (const part of ['train', 'validation', 'test'] as const) {
      details.push(field(`${part} %`, numberInput(`split-${part}`, split[part], '1', (value) => (split[part] = value))));
    }
  } else {
    for (const purpose of ['validation', 'test'] as const) {
      const chosen = purpose === 'validation' ? state.split.validationFile : state.split.testFile;
      const button = el('vscode-button', { id: `choose-${purpose}`, secondary: '' }, `Choose ${purpose} file…`);
      button.addEventListener('click', () => void chooseFile(purpose));
      details.push(el('div', { class: 'field' }, button, el('span', { class: 'hint' }, chosen ?? 'none chosen')));
    }
  }
  return el('section', {}, el('h2', {}, automatic ? 'Validation and test data' : 'Validation and test files'), field('Split', mode), el('div', { class: 'row' }, ...details));
}

function renderSettings(state: JobFormDraft): HTMLElement {
  const settings = state.settings;
  const input = (key: keyof TrainingSettings, label: string, step: string) =>
    field(label, numberInput(`setting-${key}`, settings[key], step, (value) => (settings[key] = value)));
  const collapsible = el('vscode-collapsible', { title: 'Advanced settings' },
    el('div', { class: 'row' }, input('learningRate', 'Learning rate', 'any'), input('epochs', 'Epochs', '1'), input('batchSize', 'Batch size', '1'), input('maxSequenceLength', 'Max sequence length', '1'), input('seed', 'Seed', '1')));
  return el('section', {}, collapsible);
}

function render(): void {
  if (!init || !form) return;
  const current = init;
  const state = form;
  const verb = current.mode === 'fineTune' ? 'Fine-tune' : 'Evaluate';
  const modelsForTask = current.models.filter((m) => m.tasks.includes(state.task));
  const taskSelect = select('task', current.tasks.map((t) => [t.id, t.displayName]), state.task, (value) => {
    state.task = value as TaskId;
    state.mapping = {};
    const defaults = current.tasks.find((t) => t.id === value)?.defaults;
    if (defaults) state.settings = TrainingSettingsSchema.parse(defaults);
    if (!current.models.find((m) => m.id === state.modelId)?.tasks.includes(state.task)) {
      state.modelId = current.models.find((m) => m.tasks.includes(state.task))?.id ?? '';
    }
    void changeTask(state.task);
  });
  const guessed = current.guess.task === state.task && current.guess.confidence < SURE_GUESS;
  const taskHint = guessed ? `A guess from the column names (${Math.round(current.guess.confidence * 100)}% sure): check it is the task you mean.` : undefined;
  // A model this backend cannot run for the task stays in the list, marked, with its reason and remedy below.
  const blockedFor = (m: JobPanelInit['models'][number]) => m.blocked.find((b) => b.task === state.task);
  const modelSelect = select('model', modelsForTask.map((m) => [m.id, blockedFor(m) ? `${m.name} — ${blockedFor(m)?.label ?? ''}` : m.name]), state.modelId, (value) => {
    state.modelId = value;
    render();
  });
  const modelBlock = current.models.find((m) => m.id === state.modelId);
  const blocked = modelBlock ? blockedFor(modelBlock) : undefined;
  const taskProblem = current.tasks.find((t) => t.id === state.task)?.unsupported;
  const submit = el('vscode-button', { id: 'submit' }, verb);
  submit.addEventListener('click', () => {
    if (!submitBlocker(current, state)) void submitForm(state);
  });
  const languages: HTMLElement[] = [];
  if (current.tasks.find((t) => t.id === state.task)?.languagePair) {
    for (const side of ['source', 'target'] as const) {
      const key = side === 'source' ? 'sourceLanguage' : 'targetLanguage';
      state[key] ??= current.languages[side];
      const input = el('input', { id: `${side}-language`, value: state[key] ?? '', placeholder: side === 'source' ? 'en' : 'ro', size: '6' });
      input.addEventListener('change', () => (state[key] = input.value.trim() || undefined));
      languages.push(field(`${side} language`, input));
    }
  }
  root.replaceChildren(
    el('header', {}, el('h1', {}, `${verb}: ${current.file.name}`), el('div', { id: 'file-summary', class: 'hint' }, current.preview.summary)),
    ...current.notices.map((notice) => renderNotice(notice)),
    el('section', {}, el('h2', {}, 'Model and task'), el('div', { class: 'row' }, field('Task', taskSelect, taskHint), field('Model', modelSelect, modelsForTask.length ? undefined : 'No catalog model offers this task'))),
    ...(taskProblem ? [renderNotice({ text: taskProblem, actions: [] }, 'task-blocked')] : blocked ? [renderNotice({ text: blocked.reason, actions: blocked.actions }, 'model-blocked')] : []),
    renderMapping(current, state),
    ...(languages.length ? [el('div', { class: 'row' }, ...languages)] : []),
    el('section', { 'aria-live': 'polite' }, el('div', { id: 'validation-status', class: 'status idle' }), el('ul', { id: 'problems', class: 'problems' })),
    el('section', {}, el('h2', {}, `Preview (first ${current.preview.rows.length} rows)`), el('div', { class: 'grid-wrap' }, el('table', { id: 'preview', class: 'grid' }))),
    ...(current.mode === 'fineTune' ? [renderSplit(state), renderSettings(state)] : []),
    el('section', {}, el('h2', {}, 'Compute'), field('Run on', select('compute', current.computes.map((c) => [c.name, `${c.name} · ${c.description}`]), state.compute ?? current.computes[0]?.name ?? '', (value) => (state.compute = value)), current.computes.length ? undefined : 'No compute to run on: see the notice above')),
    el('footer', {}, submit, el('span', { id: 'submit-blocked', class: 'hint' }), el('span', { id: 'submit-result' })),
  );
  renderPreview(current, state);
  showStatus(lastStatus.state, lastStatus.text, lastStatus.fraction);
  if (lastStatus.state === 'invalid') showProblems(lastGroups);
  updateSubmit();
}

root.textContent = 'Reading the file…';
channel.post({ type: 'ready' });
