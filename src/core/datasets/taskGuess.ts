import type { CatalogModel } from '../catalog/catalogModel';
import { TASKS, type TaskId } from '../tasks';
import { suggestMapping } from './autoMapping';
import type { DatasetPreview } from './previewDataset';

/**
 * The task the file most likely holds: the one whose required roles the suggestions cover best, with how sure that
 * is (the mean confidence of its required roles' suggestions, 0–1).
 */
export function guessTask(tasks: readonly TaskId[], preview: Pick<DatasetPreview, 'columns' | 'estimatedRows'>): { task: TaskId | undefined; confidence: number; byTask: Map<TaskId, ReturnType<typeof suggestMapping>> } {
  const byTask = new Map(tasks.map((id) => [id, suggestMapping(id, preview.columns, preview.estimatedRows)]));
  const coverage = (id: TaskId) => {
    const required = TASKS[id].roles.filter((r) => r.required).map((r) => r.name);
    const covered = (byTask.get(id) ?? []).filter((s) => s.column && required.includes(s.role)).reduce((sum, s) => sum + s.confidence, 0);
    return Math.min(1, covered / required.length);
  };
  const task = [...tasks].sort((a, b) => coverage(b) - coverage(a))[0];
  return { task, confidence: task ? coverage(task) : 0, byTask };
}

/** A translation model for the file's language pair (`opus-mt-en-ro` for `en` → `ro`), when the catalog has one. */
export function modelForPair<M extends Pick<CatalogModel, 'name' | 'source'>>(models: readonly M[], languages: { source?: string | undefined; target?: string | undefined }): M | undefined {
  if (!languages.source || !languages.target) return undefined;
  const pair = `${languages.source}-${languages.target}`;
  return models.find((m) => m.name.toLowerCase().includes(pair) || (m.source ?? '').toLowerCase().includes(pair));
}
