import type { CatalogModel } from '../../src/core/catalog/catalogModel';

/** A catalog model for tests: the `azureml` registry's bert-base-uncased, with what a test changes on top. */
export function catalogModel(overrides: Partial<CatalogModel> = {}): CatalogModel {
  return {
    id: 'azureml/bert-base-uncased',
    name: 'bert-base-uncased',
    collection: 'azureml',
    task: 'fill-mask',
    fineTuningTasks: ['text-classification'],
    license: 'apache-2.0',
    description: 'BERT',
    ...overrides,
  };
}
