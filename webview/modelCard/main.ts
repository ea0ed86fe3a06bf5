// First: before any zod schema is built (see zodConfig.ts).
import '../shared/zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { CatalogModel } from '../../src/core/catalog/catalogModel';
import { modelCardChannel, ModelCardStateSchema, type ModelCardAction, type ModelCardToWebview } from '../../src/protocol/modelCardMessages';
import { TASKS, isTaskId } from '../../src/core/tasks';
import { connect, el } from '../shared/vscodeApi';
import { renderPlayground } from './playground';

const root = document.getElementById('root') as HTMLElement;

const taskName = (task: string) => (isTaskId(task) ? TASKS[task].displayName : task);

function badge(text: string, title: string): HTMLElement {
  const element = el('vscode-badge', { title, variant: 'counter' }, text);
  element.className = 'badge';
  return element;
}

type ShowModel = Extract<ModelCardToWebview, { type: 'showModel' }>;

const ACTION_LABELS: Readonly<Record<ModelCardAction, [label: string, title: string]>> = {
  download: ['Download', "Download the model's ONNX export from the Hugging Face Hub, to run it on this machine"],
  evaluate: ['Evaluate', 'Evaluate this model on your own test data'],
  fineTune: ['Fine-tune', 'Fine-tune this model on your own training data'],
  deploy: ['Deploy', 'Deploy this model to an endpoint'],
  showCode: ['Show code', 'The fm command and the Azure ML CLI v2 YAML that would evaluate, fine-tune or deploy this model, to copy or save'],
};

/** The buttons, the primary one first in weight (not in place), and under them why any is disabled. */
function renderActions(message: ShowModel): HTMLElement[] {
  const buttons = message.actions.map(({ action, enabled, primary, reason }) => {
    const [label, title] = ACTION_LABELS[action];
    const button = el('vscode-button', { title: reason ?? title, 'data-action': action, ...(primary ? {} : { secondary: '' }), ...(enabled ? {} : { disabled: '' }) }, label);
    button.addEventListener('click', () => channel.post({ type: 'action', action, modelId: message.model.id }));
    return button;
  });
  const reasons = message.actions.filter((a) => !a.enabled && a.reason).map((a) => el('li', {}, el('strong', {}, `${ACTION_LABELS[a.action][0]}: `), a.reason ?? ''));
  return [el('div', { class: 'actions' }, ...buttons), ...(reasons.length ? [el('ul', { class: 'action-reasons hint', id: 'action-reasons' }, ...reasons)] : [])];
}

/** A link that opens outside VS Code (the extension checks it is https before it does). */
function externalLink(text: string, url: string): HTMLElement {
  const link = el('a', { href: url, title: url }, text);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    channel.post({ type: 'openLink', url });
  });
  return link;
}

function renderFacts(message: ShowModel): HTMLElement {
  const rows = message.facts.map((fact) => el('tr', {}, el('th', { scope: 'row' }, fact.label), el('td', {}, fact.href ? externalLink(fact.value, fact.href) : fact.value)));
  return el('section', { 'aria-labelledby': 'facts-title' }, el('h2', { id: 'facts-title' }, 'Facts'), el('table', { id: 'facts', class: 'facts' }, el('tbody', {}, ...rows)));
}

/** Intended use, limitations and further reading, when the catalog gives them. */
function renderGuidance(model: CatalogModel): HTMLElement[] {
  const sections: HTMLElement[] = [];
  if (model.intendedUse) sections.push(el('section', { id: 'intended-use' }, el('h2', {}, 'Intended use'), el('p', {}, model.intendedUse)));
  if (model.limitations) sections.push(el('section', { id: 'limitations' }, el('h2', {}, 'Limitations'), el('p', {}, model.limitations)));
  if (model.links?.length) sections.push(el('section', { id: 'links' }, el('h2', {}, 'Read more'), el('ul', {}, ...model.links.map((l) => el('li', {}, externalLink(l.label, l.url))))));
  return sections;
}

/** The playground's streamed text goes to the playground drawn last. */
let onText: (requestId: number, text: string) => void = () => undefined;

function playgroundOf(message: ShowModel): HTMLElement {
  const playground = message.playground;
  if (!playground) return el('div');
  const drawn = renderPlayground(playground, {
    run: (input, options, endpoint) => channel.request('try', { input, options, ...(endpoint ? { endpoint } : {}) }),
    nextRunId: () => channel.nextRequestId,
    cancel: () => channel.post({ type: 'cancelTry' }),
    remedy: (remedy) => channel.post({ type: 'remedy', remedy }),
  });
  onText = drawn.onText;
  return drawn.element;
}

function render(message: ShowModel): void {
  const { model } = message;
  const title = model.displayName ?? model.name;
  const subtitle = [model.displayName && model.displayName !== model.name ? model.name : undefined, model.publisher].filter(Boolean).join(' · ');
  root.replaceChildren(
    el('header', { class: 'card-header' }, el('h1', { id: 'model-name' }, title), el('div', { class: 'publisher' }, subtitle)),
    el(
      'div',
      { class: 'badges', 'aria-label': 'Model facts' },
      badge(taskName(model.task), 'Task'),
      ...message.fineTunableHere.map((task) => badge(`fine-tune: ${taskName(task)}`, `Can be fine-tuned for this task on ${message.backendName}`)),
      badge(model.license, 'License'),
    ),
    ...renderActions(message),
    ...(message.playground ? [playgroundOf(message)] : []),
    renderFacts(message),
    ...renderGuidance(model),
    el('h2', { id: 'about-title' }, 'About'),
    cardBody(message.descriptionHtml, title),
  );
}

/** The element id an in-card link points at: `#caf%C3%A9` → `café`; a malformed escape (`#%E0%A4%A`) is taken as written. */
function anchorId(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

/**
 * The card's markdown as the extension rendered and sanitized it (`renderModelCard`): plain document markup,
 * no scripts, handlers, frames or remote images. The CSP (scripts by nonce only, no remote loads) stands behind it.
 */
function cardBody(descriptionHtml: string, title: string): HTMLElement {
  const body = el('article', { class: 'card-body', id: 'model-description' });
  body.innerHTML = descriptionHtml;
  // The card's own first heading repeats the title above it.
  const first = body.firstElementChild;
  if (first?.tagName === 'H1' && first.textContent?.trim() === title) first.remove();
  body.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link) return;
    event.preventDefault();
    const href = link.getAttribute('href') ?? '';
    if (href.startsWith('#')) {
      document.getElementById(anchorId(href))?.scrollIntoView();
    } else if (/^(https?|mailto):/i.test(href)) {
      channel.post({ type: 'openLink', url: href });
    }
  });
  return body;
}

const channel = connect(modelCardChannel, ModelCardStateSchema, (message) => {
  switch (message.type) {
    case 'showModel':
      channel.setState({ modelId: message.model.id });
      render(message);
      break;
    case 'tryToken':
      onText(message.requestId, message.text);
      break;
  }
});

root.textContent = 'Loading…';
channel.post({ type: 'ready' });
