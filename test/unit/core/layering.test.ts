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

  it('the extension and the CLI reach backends only through backend.ts, the registry and modelActions over them (Azure sign-in excepted)', () => {
    // Signing in to Azure and naming a cloud or workspace are Azure's own settings: those few files may import the
    // Azure backend's sign-in pieces (and load its bundle to list subscriptions).
    const signInFiles = /^src\/(extension\/azure\/|cli\/cliAzure\.ts$)/;
    const signInModules = /\/backends\/azure\/(azureCloud|azureTarget|azureBackend)$/;
    const offenders = ['src/extension', 'src/cli'].flatMap(sourceFiles).flatMap((file) => {
      const relative = path.relative(root, file);
      return importsOf(file)
        .filter((spec) => /\/backends\//.test(spec))
        .filter((spec) => !/\/backends\/(backend|registry|modelActions)$/.test(spec) && !(signInFiles.test(relative) && signInModules.test(spec)))
        .map((spec) => `${relative} imports ${spec}`);
    });
    assert.deepEqual(offenders, []);
  });

  it('the backends never import each other: local and azure share only src/backends and core', () => {
    const offenders = [
      ...sourceFiles('src/backends/local').flatMap((file) => importsOf(file).filter((spec) => /\/azure\//.test(spec) || spec.startsWith('../azure')).map((spec) => `${path.relative(root, file)} imports ${spec}`)),
      ...sourceFiles('src/backends/azure').flatMap((file) => importsOf(file).filter((spec) => /\/local\//.test(spec) || spec.startsWith('../local')).map((spec) => `${path.relative(root, file)} imports ${spec}`)),
    ];
    assert.deepEqual(offenders, []);
  });

  it('nothing outside src/backends branches on a backend id: callers ask services what they can do', () => {
    const comparison = /(===|!==)\s*'(local|azure)'|'(local|azure)'\s*(===|!==)|case\s+'(local|azure)'\s*:/;
    const offenders = ['src/extension', 'src/core', 'src/cli', 'src/protocol', 'webview'].flatMap(sourceFiles).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (comparison.test(line) ? [`${path.relative(root, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(offenders, []);
  });

  it('backend.ts, the interface every backend implements, imports nothing from a backend of its own', () => {
    const offenders = importsOf(path.join(root, 'src/backends/backend.ts')).filter((spec) => /\/(local|azure)\//.test(spec));
    assert.deepEqual(offenders, []);
  });
});
