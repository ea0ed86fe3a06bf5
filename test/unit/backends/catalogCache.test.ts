import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CatalogDiskCache, type CatalogEntry } from '../../../src/backends/catalogCache';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import { catalogModel } from '../../support/catalogModels';
import { tempFolder } from '../../support/tempFiles';

const model: CatalogModel = catalogModel();
const entry: CatalogEntry = { name: model.name, latestVersion: '19', model };

describe('catalog disk cache', () => {
  const tmp = tempFolder();

  it('returns what was written with each model\'s version, fresh until the time-to-live passes and kept after, per key', async () => {
    let now = 1_000_000;
    const cache = new CatalogDiskCache(tmp.dir(), 60_000, () => now);
    assert.equal(await cache.read('registry azureml'), undefined);
    await cache.write('registry azureml', [entry]);
    assert.deepEqual(await cache.read('registry azureml'), { entries: [entry], savedAt: 1_000_000, fresh: true });
    assert.equal(await cache.read('registry HuggingFace'), undefined);
    now += 59_999;
    assert.equal((await cache.read('registry azureml'))?.fresh, true);
    now += 1;
    assert.deepEqual(await cache.read('registry azureml'), { entries: [entry], savedAt: 1_000_000, fresh: false }, 'a stale listing is still there to show');
    assert.ok(readdirSync(tmp.dir()).every((name) => !name.endsWith('.tmp')), 'no temporary file is left');
  });

  it('ignores a corrupt file, one of the former format or of another shape, with a log line naming the file; delete forgets a key', async () => {
    const folder = path.join(tmp.dir(), 'corrupt');
    const lines: string[] = [];
    const cache = new CatalogDiskCache(folder, 60_000, Date.now, (line) => lines.push(line));
    await cache.write('workspace ws1', [entry]);
    const [file, ...others] = readdirSync(folder);
    assert.ok(file && others.length === 0);
    const write = (text: string) => writeFileSync(path.join(folder, file), text);

    write('{"format":2,"key":"workspace ws1","savedAt":');
    assert.equal(await cache.read('workspace ws1'), undefined);
    write(JSON.stringify({ format: 1, key: 'workspace ws1', savedAt: Date.now(), models: [model] }));
    assert.equal(await cache.read('workspace ws1'), undefined);
    write(JSON.stringify({ format: 2, key: 'workspace ws1', savedAt: Date.now(), entries: [{ name: 'x', model: { ...model, collection: 'nowhere' } }] }));
    assert.equal(await cache.read('workspace ws1'), undefined);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.ok(lines.every((line) => line.includes(path.join(folder, file)) && /workspace ws1 is read from the network/.test(line)), lines.join('\n'));
    assert.match(lines[0] ?? '', /not valid JSON/);

    await cache.write('workspace ws1', [{ ...entry, model: { ...model, task: 'x' } }]);
    assert.equal((await cache.read('workspace ws1'))?.entries[0]?.model.task, 'x');
    await cache.delete('workspace ws1');
    assert.equal(await cache.read('workspace ws1'), undefined);
    assert.equal(lines.length, 3, 'a missing file is no problem worth a line');
  });
});
