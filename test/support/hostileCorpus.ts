import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The part of the hostile corpus that is not committed (see test/fixtures/hostile/README.md): large files, made
 * here at test time, and special files (named pipes, folders, symbolic-link loops, devices, sockets) that git
 * cannot hold. Everything goes under one temporary folder, `HOSTILE_TMP`, known when the test files load, so
 * that case tables can name the files before they exist.
 */

export const HOSTILE_FIXTURES = path.resolve(__dirname, '../fixtures/hostile');
export const HOSTILE_TMP = path.join(os.tmpdir(), `fm-hostile-${process.pid}`);

/** A committed fixture: `fixture('datasets/nul.csv')`. */
export const fixture = (relative: string) => path.join(HOSTILE_FIXTURES, relative);
/** A file this module makes: `generated('deep-100k.jsonl')`. */
export const generated = (name: string) => path.join(HOSTILE_TMP, name);

/** The extensions special files are made with, one set per reader. */
export const SPECIAL_EXTENSIONS = ['.csv', '.jsonl', '.json', '.md'] as const;
/** The kinds of special path, each made once per extension as `<kind><ext>` (`fifo.csv`, `loop.jsonl`, …). */
export const SPECIAL_KINDS = ['fifo', 'folder', 'loop', 'dangling', 'zero', 'null', 'socket', 'missing', 'under-file'] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

/** The path of a special file of `kind` for a reader of `ext` files. */
export function special(kind: SpecialKind, ext: string): string {
  if (kind === 'under-file') return path.join(HOSTILE_TMP, `plain${ext}`, `inside${ext}`);
  return generated(`${kind}${ext}`);
}

const words = (count: number, seed: number) => {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`w${(i * seed) % 1009}`);
  return parts.join(' ');
};

/** Writes `count` lines of `line(i)` in blocks, without building the whole file in memory. */
function writeLines(file: string, count: number, line: (i: number) => string, header = ''): void {
  const fd = openSync(file, 'w');
  try {
    if (header) writeSync(fd, header);
    let block = '';
    for (let i = 0; i < count; i++) {
      block += line(i);
      if (block.length > 1 << 20) {
        writeSync(fd, block);
        block = '';
      }
    }
    writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

/** A file of `bytes` that takes no disk space (a hole): for size limits that refuse before reading. */
function sparse(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

function makeLargeDatasets(): void {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  writeFileSync(generated('deep-100k.jsonl'), `{"text":"a","label":1,"unmapped":${deep(100_000)}}\n{"text":"b","label":0}\n{"text":"c","label":1}\n`);
  writeFileSync(generated('deep-100k-objects.jsonl'), `{"text":"a","label":1,"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n{"text":"b","label":0}\n`);
  writeFileSync(generated('deep-100k-invalid.jsonl'), `{"text":"a","label":1}\n${'['.repeat(100_000)}\n{"text":"b","label":0}\n`);
  writeFileSync(generated('deep-100k.json'), `[\n{"text":"a","label":1},\n{"text":"b","label":0,"x":${deep(100_000)}}\n]\n`);
  writeFileSync(generated('deep-100k-cell.csv'), `words,tags\n"${deep(100_000)}","[""O""]"\n"[""a""]","[""O""]"\n`);
  writeFileSync(generated('long-line.jsonl'), `{"text":"${'x'.repeat(17 * 1024 * 1024)}","label":1}\n{"text":"b","label":0}\n{"text":"c","label":1}\n`);
  writeFileSync(generated('long-item.json'), `[\n{"text":"${'x'.repeat(17 * 1024 * 1024)}","label":1},\n{"text":"b","label":0}\n]\n`);
  writeFileSync(generated('long-field.csv'), `text,label\n"${'x'.repeat(17 * 1024 * 1024)}",pos\nb,neg\n`);
  writeLines(generated('unterminated-quote-big.csv'), 900_000, (i) => `row number ${i} with some words in it,${i % 2 ? 'pos' : 'neg'}\n`, 'text,label\nok,pos\n"this quote never closes,neg\n');
  writeLines(generated('wide.csv'), 3, (i) => `${Array.from({ length: 20_000 }, (_, c) => (i === 0 ? `c${c}` : `${c}`)).join(',')}\n`);
  writeLines(generated('invalid-utf8-far.csv'), 200_000, (i) => `review number ${i},${i % 2 ? 'pos' : 'neg'}\n`, 'text,label\n');
  writeFileSync(generated('invalid-utf8-far.csv'), Buffer.from([0xff, 0x2c, 0x70, 0x6f, 0x73, 0x0a]), { flag: 'a' });
  writeLines(generated('nul-far.jsonl'), 100_000, (i) => `{"text":"review ${i}","label":${i % 2}}\n`);
  writeFileSync(generated('nul-far.jsonl'), Buffer.from('{"text":"\0","label":0}\n'), { flag: 'a' });
  writeLines(generated('many-problems.csv'), 100_000, () => ',pos\n', 'text,label\n');
  writeLines(generated('big-array.json'), 100_000, (i) => (i === 79_999 ? '  {"text": "bad", "label": oops},\n' : `  {"text": "review ${i}", "label": ${i % 2}},\n`), '[\n');
  writeFileSync(generated('big-array.json'), '  {"text": "last", "label": 0}\n]\n', { flag: 'a' });
  sparse(generated('sparse-10g.csv'), 10 * 1024 ** 3);
  writeLines(generated('convert-big.csv'), 600_000, (i) => `this is review number ${i} and it is long enough,${i % 2 ? 'pos' : 'neg'}\n`, 'text,label\n');
}

function makeLargeCards(): void {
  writeFileSync(generated('card-nested-1mb.md'), `${'<div>'.repeat(90_000)}x${'</div>'.repeat(90_000)}`);
  writeLines(generated('card-300kb.md'), 4_000, (i) => `## Section ${i}\n\nSome *text* with a [link](https://example.com/${i}) and \`code\`.\n\n`);
  writeLines(generated('card-5mb.md'), 80_000, (i) => `Line ${i} of a very long model card that goes on and on and on.\n`, '# Huge card\n\n');
  writeLines(generated('card-big-front-matter.md'), 20_000, (i) => `  - name: metric-${i}\n    value: ${i}\n`, '---\nlicense: mit\nmodel-index:\n');
  writeFileSync(generated('card-big-front-matter.md'), '---\n# Small card after a big front matter\n\nIt renders.\n', { flag: 'a' });
  mkdirSync(generated('huge-config'), { recursive: true });
  sparse(path.join(generated('huge-config'), 'config.json'), 20 * 1024 * 1024);
  mkdirSync(generated('huge-readme'), { recursive: true });
  writeFileSync(path.join(generated('huge-readme'), 'config.json'), '{"architectures": ["BertForSequenceClassification"]}\n');
  writeLines(path.join(generated('huge-readme'), 'README.md'), 100_000, (i) => `Line ${i} of a README far over the card's limits.\n`, '---\nlicense: apache-2.0\n---\n# Huge README\n\n');
}

function makeLargeMetrics(): void {
  writeFileSync(generated('rouge-200k-pred.jsonl'), `${JSON.stringify({ prediction: words(200_000, 7) })}\n`);
  writeFileSync(generated('rouge-200k-ref.jsonl'), `${JSON.stringify({ reference: words(200_000, 13) })}\n`);
  writeFileSync(generated('rouge-5k-pred.jsonl'), `${JSON.stringify({ prediction: words(5_000, 7) })}\n`);
  writeFileSync(generated('rouge-5k-ref.jsonl'), `${JSON.stringify({ reference: words(5_000, 13) })}\n`);
  writeLines(generated('classes-50k-pred.jsonl'), 50_000, (i) => `{"prediction":"label-${i}"}\n`);
  writeLines(generated('classes-50k-ref.jsonl'), 50_000, (i) => `{"reference":"label-${(i * 7) % 50_000}"}\n`);
  writeFileSync(generated('metrics-long-line.jsonl'), `{"reference":"${'x'.repeat(17 * 1024 * 1024)}"}\n`);
  writeFileSync(generated('metrics-deep-100k.jsonl'), `{"reference":"pos","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
  sparse(generated('metrics-300mb.jsonl'), 300 * 1024 * 1024);
}

/** Named pipes, folders, loops, devices and sockets under every extension a reader takes. */
function makeSpecialFiles(): void {
  for (const ext of SPECIAL_EXTENSIONS) {
    execFileSync('mkfifo', [special('fifo', ext)]);
    mkdirSync(special('folder', ext));
    symlinkSync(`loop-b${ext}`, special('loop', ext));
    symlinkSync(special('loop', ext), generated(`loop-b${ext}`));
    symlinkSync(generated(`nowhere${ext}`), special('dangling', ext));
    symlinkSync('/dev/zero', special('zero', ext));
    symlinkSync('/dev/null', special('null', ext));
    writeFileSync(path.dirname(special('under-file', ext)), 'a plain file, not a folder\n');
    // The socket's server does not keep the test process alive; it goes when the process does.
    net.createServer().listen(special('socket', ext)).unref();
  }
  // Output folders whose train.jsonl is not a file a conversion can replace.
  mkdirSync(path.join(generated('out-with-folder'), 'train.jsonl'), { recursive: true });
  mkdirSync(generated('out-with-fifo'));
  execFileSync('mkfifo', [path.join(generated('out-with-fifo'), 'train.jsonl')]);
  mkdirSync(generated('out-with-device-link'));
  symlinkSync('/dev/zero', path.join(generated('out-with-device-link'), 'train.jsonl'));
}

/** Model folders whose files are special: `special-model-<kind>` with config.json (or README.md) of that kind. */
function makeSpecialModelFolders(): void {
  for (const kind of ['fifo', 'folder', 'loop', 'zero'] as const) {
    for (const file of ['config.json', 'README.md', 'MLmodel']) {
      const folder = generated(`model-${kind}-${file.replace('.', '-')}`);
      mkdirSync(folder);
      if (file !== 'config.json' && file !== 'MLmodel') writeFileSync(path.join(folder, 'config.json'), '{"architectures": ["BertForSequenceClassification"]}\n');
      const target = path.join(folder, file);
      if (kind === 'fifo') execFileSync('mkfifo', [target]);
      else if (kind === 'folder') mkdirSync(target);
      else if (kind === 'loop') symlinkSync(target, target);
      else symlinkSync('/dev/zero', target);
    }
  }
}

let made = false;

/**
 * Makes the generated corpus once per test process (a few seconds, about 200 MB written), for every suite that
 * needs it; it is removed when the process exits.
 */
export function ensureHostileCorpus(): void {
  if (made) return;
  rmSync(HOSTILE_TMP, { recursive: true, force: true });
  mkdirSync(HOSTILE_TMP, { recursive: true });
  process.once('exit', () => rmSync(HOSTILE_TMP, { recursive: true, force: true }));
  makeLargeDatasets();
  makeLargeCards();
  makeLargeMetrics();
  makeSpecialModelFolders();
  makeSpecialFiles();
  made = true;
}
