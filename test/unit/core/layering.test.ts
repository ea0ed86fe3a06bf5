import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

/** The layers of DESIGN.md §2, as rules on what each folder may import. */
describe('layering', () => {
  it('src/core imports nothing of VS Code, no network module and no other layer', () => {
    const offenders = sourceFiles('src/core').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^vscode$|^node:(http|https|net|dgram|tls)$|^(http|https|net)$|\/(extension|backends|cli|protocol)\//.test(spec))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('backends, protocol and cli never import vscode or the extension layer', () => {
    const files = ['src/backends', 'src/protocol', 'src/cli'].flatMap(sourceFiles);
    assert.ok(files.length > 5, 'the layer folders hold source files');
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'vscode' || spec.includes('/extension/'))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('webviews reach the extension only through the protocol and core', () => {
    const offenders = sourceFiles('webview').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'vscode' || /\/src\/(extension|backends|cli)\//.test(spec))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });
});
