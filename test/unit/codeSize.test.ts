import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Rooms of a livable size: no source file over 600 lines and no function over 80, in src, webview and test. A room
 * that grows past them is split along its own seams (docs/architecture.md). Counted with TypeScript's own parser.
 */
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 80;
const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mjs)$/.test(name) && !name.includes('node_modules') && !name.endsWith('.d.ts'))
    .map((name) => path.join(root, dir, name));
}

const files = ['src', 'webview', 'test', 'bench', 'scripts'].flatMap(sources);

/** Functions (declarations, methods, arrows, function expressions) longer than the limit, as `file:line name (n lines)`. */
function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      // A `describe` callback holds a whole test file's tests; its own `it` callbacks are measured instead.
      const call = node.parent && ts.isCallExpression(node.parent) ? node.parent.expression.getText(source) : '';
      if (lines > MAX_FUNCTION_LINES && call !== 'describe') {
        const name = node.name?.getText(source) ?? (call || 'function');
        found.push(`${path.relative(root, file)}:${start + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('code size', () => {
  it(`no file in src, webview, test, bench or scripts is over ${MAX_FILE_LINES} lines`, () => {
    assert.ok(files.length > 100, 'the folders hold source files');
    const large = files
      .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ file, lines }) => `${path.relative(root, file)} (${lines} lines)`);
    assert.deepEqual(large, []);
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines`, () => {
    assert.deepEqual(files.flatMap((file) => longFunctions(file, readFileSync(file, 'utf8'))), []);
  });
});
