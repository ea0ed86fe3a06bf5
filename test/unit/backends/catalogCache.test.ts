import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CatalogDiskCache } from '../../../src/backends/catalogCache';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import { catalogModel } from '../../support/catalogModels';
import { tempFolder } from '../../support/tempFiles';

const model: CatalogModel = catalogModel();

describe('catalog disk cache', () => {
  const tmp = tempFolder();

  it('returns what was written until the time-to-live passes, per key', async () => {
    let now = 1_000_000;
    const cache = new CatalogDiskCache(tmp.dir(), 60_000, () => now);
    assert.equal(await cache.read('registry azureml'), undefined);
    await cache.write('registry azureml', [model]);
    assert.deepEqual(await cache.read('registry azureml'), [model]);
    assert.equal(await cache.read('registry HuggingFace'), undefined);
    now += 59_999;
    assert.deepEqual(await cache.read('registry azureml'), [model]);
    now += 1;
    assert.equal(await cache.read('registry azureml'), undefined);
    assert.ok(readdirSync(tmp.dir()).every((name) => !name.endsWith('.tmp')), 'no temporary file is left');
  });

  it('treats a corrupt or foreign file as a miss, and delete forgets a key', async () => {
    const folder = path.join(tmp.dir(), 'corrupt');
    const cache = new CatalogDiskCache(folder, 60_000);
    await cache.write('workspace ws1', [model]);
    const [file, ...others] = readdirSync(folder);
    assert.ok(file && others.length === 0);
    writeFileSync(path.join(folder, file), '{"format":1,"key":"workspace ws1","savedAt":');
    assert.equal(await cache.read('workspace ws1'), undefined);
    await cache.write('workspace ws1', [{ ...model, task: 'x' }]);
    assert.equal((await cache.read('workspace ws1'))?.[0]?.task, 'x');
    await cache.delete('workspace ws1');
    assert.equal(await cache.read('workspace ws1'), undefined);
  });
});
