// The model card worker (src/core/catalog/modelCardWorker.ts) from its TypeScript source, for tests: a worker
// thread does not inherit the test process's `--import tsx`, so it registers tsx itself first.
require('tsx/cjs');
require('../../src/core/catalog/modelCardWorker.ts');
