import type { CatalogModel } from '../src/core/catalog/catalogModel';
import { catalogFacets, filterCatalog, groupCatalog } from '../src/core/catalog/catalogQuery';
import { renderModelCard } from '../src/core/catalog/modelCardHtml';
import { TASK_IDS } from '../src/core/tasks';

const LICENSES = ['apache-2.0', 'mit', 'cc-by-4.0', 'cc-by-nc-4.0', 'llama3.1', 'openrail', 'bsd-3-clause', 'unknown'];
const WORDS = ['transformer', 'encoder', 'decoder', 'multilingual', 'distilled', 'sentiment', 'news', 'legal', 'medical', 'chat', 'code', 'small', 'large', 'base'];

/** `count` synthetic catalog models spread over collections, tasks and licenses, each with a paragraph of text. */
export function syntheticCatalog(count: number): CatalogModel[] {
  const collections = ['azureml', 'huggingface', 'workspace', 'curated'] as const;
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 60 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ');
    return {
      id: `bench/model-${i}`,
      name: `org-${i % 97}/model-${i}-${WORDS[i % WORDS.length]}`,
      collection: collections[i % collections.length] ?? 'azureml',
      task: TASK_IDS[i % TASK_IDS.length] ?? 'fill-mask',
      fineTuningTasks: [],
      license: LICENSES[i % LICENSES.length] ?? 'mit',
      description: `# Model ${i}\n\n${words}`,
    };
  });
}

function medianMs(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}

export interface CatalogBenchRow {
  readonly label: string;
  readonly ms: number;
}

/** What the tree does on a filter change: filter the listing, then group it into collections → tasks → models. */
export function measureCatalogFilter(count = 10_000): CatalogBenchRow[] {
  const models = syntheticCatalog(count);
  return [
    { label: 'filter by task + group', ms: medianMs(50, () => groupCatalog(filterCatalog(models, { task: 'translation' }))) },
    { label: 'filter by license + group', ms: medianMs(50, () => groupCatalog(filterCatalog(models, { license: 'MIT' }))) },
    { label: 'search two words', ms: medianMs(50, () => filterCatalog(models, { search: 'multilingual legal' })) },
    { label: 'group all (no filter)', ms: medianMs(50, () => groupCatalog(models)) },
    { label: 'facets (filter pickers)', ms: medianMs(50, () => catalogFacets(models)) },
  ];
}

/** A model card of about `kilobytes` KB with the markdown and HTML real cards hold. */
export function syntheticCard(kilobytes: number): string {
  const block = [
    '## Training details',
    '',
    'The model was trained on **English Wikipedia** and *BookCorpus* with masked language modelling. See [the paper](https://arxiv.org/abs/1810.04805).',
    '',
    '| metric | value | split |',
    '|:--|--:|:-:|',
    '| accuracy | 0.912 | test |',
    '| f1 | 0.887 | test |',
    '',
    '```python',
    'from transformers import pipeline',
    'classifier = pipeline("text-classification", model="bert-base-uncased")',
    '```',
    '',
    '<img src="https://huggingface.co/front/assets/chart.png" alt="chart" width="400">',
    '',
    '<details><summary>Limitations</summary>The model reflects biases of its training data.</details>',
    '',
    '- item one with `code`',
    '- item two <script>alert(1)</script>',
    '',
  ].join('\n');
  const parts: string[] = ['---\nlicense: apache-2.0\n---\n# A long model card\n'];
  let size = parts[0]?.length ?? 0;
  while (size < kilobytes * 1024) {
    parts.push(block);
    size += block.length;
  }
  return parts.join('\n');
}

export function measureCardRender(kilobytes = 200): { kilobytes: number; firstMs: number; medianMs: number } {
  const card = syntheticCard(kilobytes);
  const start = performance.now();
  renderModelCard(card);
  const firstMs = performance.now() - start;
  return { kilobytes: card.length / 1024, firstMs, medianMs: medianMs(20, () => renderModelCard(card)) };
}
