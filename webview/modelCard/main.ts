// First: before any zod schema is built (see zodConfig.ts).
import '../shared/zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { CatalogModel } from '../../src/core/catalog/catalogModel';
import { modelCardChannel, ModelCardStateSchema, type ModelCardAction } from '../../src/protocol/modelCardMessages';
import { TASKS, isTaskId } from '../../src/core/tasks';
import { connect, el } from '../shared/vscodeApi';

const root = document.getElementById('root') as HTMLElement;

const taskName = (task: string) => (isTaskId(task) ? TASKS[task].displayName : task);

function badge(text: string, title: string): HTMLElement {
  const element = el('vscode-badge', { title, variant: 'counter' }, text);
  element.className = 'badge';
  return element;
}

function render(model: CatalogModel, descriptionHtml: string): void {
  const actions: [ModelCardAction, string, string][] = [
    ['evaluate', 'Evaluate', 'Evaluate this model on your own test data'],
    ['fineTune', 'Fine-tune', 'Fine-tune this model on your own training data'],
    ['deploy', 'Deploy', 'Deploy this model to an endpoint'],
  ];
  const buttons = actions.map(([action, label, title]) => {
    const button = el('vscode-button', { title, 'data-action': action }, label);
    if (action === 'fineTune' && model.fineTuningTasks.length === 0) {
      button.setAttribute('disabled', '');
      button.title = 'This model has no fine-tuning task';
    }
    button.addEventListener('click', () => channel.post({ type: 'action', action, modelId: model.id }));
    return button;
  });

  root.replaceChildren(
    el('header', { class: 'card-header' }, el('h1', { id: 'model-name' }, model.name), el('div', { class: 'publisher' }, model.publisher ?? '')),
    el(
      'div',
      { class: 'badges', 'aria-label': 'Model facts' },
      badge(taskName(model.task), 'Task'),
      ...model.fineTuningTasks.map((task) => badge(`fine-tune: ${taskName(task)}`, 'Fine-tuning task')),
      badge(model.license, 'License'),
    ),
    el('div', { class: 'actions' }, ...buttons),
    cardBody(descriptionHtml),
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
function cardBody(descriptionHtml: string): HTMLElement {
  const body = el('article', { class: 'card-body', id: 'model-description' });
  body.innerHTML = descriptionHtml;
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
      render(message.model, message.descriptionHtml);
      break;
  }
});

root.textContent = 'Loading…';
channel.post({ type: 'ready' });
