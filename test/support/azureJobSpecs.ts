import path from 'node:path';
import type { DataJobSpec } from '../../src/core/jobs/jobModel';
import { SAMPLES } from './tempFiles';

/** The Azure tests' usual job: fine-tune the registry's bert-base-uncased on samples/reviews.csv on the GPU cluster. */
export function reviewsFineTune(overrides: Partial<DataJobSpec> = {}): DataJobSpec {
  return {
    kind: 'fineTune',
    task: 'text-classification',
    modelId: 'azureml/bert-base-uncased',
    data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } },
    compute: 'gpu-cluster',
    ...overrides,
  };
}
