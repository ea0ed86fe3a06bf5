import { el } from '../shared/vscodeApi';

/**
 * The confusion matrix as a grid: a row per reference class, a column per predicted class, each cell its count on a
 * background whose strength is the cell's share of its row (set through CSSOM as `--heat`, which the CSP allows; the
 * colour itself comes from the theme in webview.css). The diagonal holds the right answers. A cell with records is a
 * button that lists them in the predictions table.
 */
export function confusionMatrixTable(
  confusion: { labels: readonly string[]; matrix: readonly (readonly number[])[] },
  onCell?: (reference: string, prediction: string) => void,
): HTMLElement {
  const { labels, matrix } = confusion;
  const head = el(
    'tr',
    {},
    el('th', { class: 'corner', scope: 'col' }, el('span', { class: 'hint' }, 'reference ↓ · prediction →')),
    ...labels.map((label) => el('th', { scope: 'col', class: 'predicted' }, label)),
  );
  const rows = labels.map((reference, i) => {
    const counts = matrix[i] ?? [];
    const total = counts.reduce((sum, n) => sum + n, 0);
    const cells = labels.map((prediction, j) => {
      const count = counts[j] ?? 0;
      const share = total === 0 ? 0 : count / total;
      const what = `${count} of ${total} ${reference} record${total === 1 ? '' : 's'} (${Math.round(share * 100)}%) predicted as ${prediction}`;
      const cell = el('td', { class: `cell${i === j ? ' diagonal' : ''}${count === 0 ? ' empty' : ''}${share > 0.5 ? ' strong' : ''}`, title: what, 'data-reference': reference, 'data-prediction': prediction });
      cell.style.setProperty('--heat', share.toFixed(3));
      if (count > 0 && onCell) {
        const button = el('button', { class: 'cell-button', 'aria-label': `${what}; list them` }, String(count));
        button.addEventListener('click', () => onCell(reference, prediction));
        cell.append(button);
      } else {
        cell.append(String(count));
      }
      return cell;
    });
    return el('tr', {}, el('th', { scope: 'row' }, reference), ...cells);
  });
  return el('table', { class: 'confusion', id: 'confusion-matrix' }, el('thead', {}, head), el('tbody', {}, ...rows));
}
