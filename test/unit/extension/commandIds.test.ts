import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS, VIEWS } from '../../../src/extension/commandIds';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string }[]; views: Record<string, { id: string }[]>; menus: Record<string, { command: string }[]> };
};

describe('command ids: the code and package.json name the same commands', () => {
  it('every contributed command has its id in COMMANDS, and every id in COMMANDS is contributed', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMANDS).sort(), contributed);
  });

  it('no two commands share a title: the palette shows "Foundation Models: <title>" for each', () => {
    const titles = manifest.contributes.commands.map((c) => c.title);
    assert.deepEqual(titles.filter((title, i) => titles.indexOf(title) !== i), []);
  });

  it('every menu entry names a contributed command, and every view id is contributed', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    const unknown = Object.entries(manifest.contributes.menus).flatMap(([menu, entries]) => entries.filter((e) => !known.has(e.command)).map((e) => `${menu}: ${e.command}`));
    assert.deepEqual(unknown, []);
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id).sort();
    assert.deepEqual(Object.values(VIEWS).sort(), views);
  });

  it('no source file spells a command id of its own instead of using COMMANDS', () => {
    const folder = path.resolve(__dirname, '../../../src/extension');
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => path.join(folder, name));
    const spelled = files.flatMap((file) =>
      Object.values(COMMANDS).filter((id) => !file.endsWith('commandIds.ts') && readFileSync(file, 'utf8').includes(`'${id}'`)).map((id) => `${path.basename(file)}: ${id}`),
    );
    assert.deepEqual(spelled, []);
  });
});
