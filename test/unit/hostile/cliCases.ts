import path from 'node:path';
import { fixture, generated, HOSTILE_TMP, special, SPECIAL_KINDS, type SpecialKind } from '../../support/hostileCorpus';

/**
 * The hostile corpus as `fm` command lines, with what each must end in: the exit code and words of the one clear
 * message (the file, the line where one is at fault, what is wrong). Every case also gets the checks every case
 * gets (no stack trace, no errno code, no function source, a time and a memory bound): see hostileCli.test.ts.
 */

/** What the review found, one class per kind of failure. */
export type HostileClass = 'crash' | 'hang' | 'freeze' | 'misleading' | 'interrupted' | 'cross-origin' | 'webview';

export interface CliCase {
  readonly name: string;
  readonly class: HostileClass;
  readonly argv: readonly string[];
  readonly code: number;
  /** Words of what the user reads (stdout and stderr together). */
  readonly says: RegExp;
  /** Words that would name a wrong cause. */
  readonly never?: RegExp | undefined;
  /** Its usual time on a quiet machine, in milliseconds (2,000 unless said); ten times it counts as a freeze. */
  readonly withinMs?: number | undefined;
}

const TC = ['--task', 'text-classification'] as const;
const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');
const TC_MAP = [...TC, '--map', 'sentence=text,label=label'] as const;
const out = (name: string) => path.join(HOSTILE_TMP, 'out', name);

// ——— Special paths: never opened, each one sentence, for every reader ———

const SPECIAL_SAYS: Readonly<Record<SpecialKind, RegExp>> = {
  fifo: /is a named pipe \(FIFO\), not a regular file, and reading it could wait forever/,
  folder: /is a folder, not a file/,
  loop: /is a symbolic link that leads back to itself/,
  dangling: /file not found/,
  zero: /is a device, not a regular file/,
  null: /is a device, not a regular file/,
  socket: /is a socket, not a regular file/,
  missing: /file not found/,
  'under-file': /file not found: a folder named in its path is a file/,
};

function specialCases(): CliCase[] {
  const cases: CliCase[] = [];
  for (const kind of SPECIAL_KINDS) {
    const says = SPECIAL_SAYS[kind];
    const csv = special(kind, '.csv');
    const jsonl = special(kind, '.jsonl');
    const json = special(kind, '.json');
    const md = special(kind, '.md');
    const metricsOk = fixture('metrics/cls-ref.jsonl');
    const predOk = fixture('metrics/cls-pred.jsonl');
    cases.push(
      { name: `inspect ${kind}.csv`, class: 'hang', argv: ['dataset', 'inspect', csv], code: 2, says },
      { name: `inspect ${kind}.json`, class: 'hang', argv: ['dataset', 'inspect', json], code: 2, says },
      { name: `validate ${kind}.jsonl`, class: 'hang', argv: ['dataset', 'validate', jsonl, ...TC], code: 2, says },
      { name: `validate --map ${kind}.csv`, class: 'hang', argv: ['dataset', 'validate', csv, ...TC_MAP], code: 2, says },
      { name: `convert ${kind}.csv`, class: 'hang', argv: ['dataset', 'convert', csv, ...TC_MAP, '--out', out(`special-${kind}`)], code: 2, says },
      { name: `metrics --predictions ${kind}.jsonl`, class: 'hang', argv: ['metrics', ...TC, '--predictions', jsonl, '--references', metricsOk], code: 2, says },
      { name: `metrics --references ${kind}.jsonl`, class: 'hang', argv: ['metrics', ...TC, '--predictions', predOk, '--references', jsonl], code: 2, says },
      { name: `card render ${kind}.md`, class: 'hang', argv: ['card', 'render', md], code: 1, says: kind === 'missing' || kind === 'dangling' ? /no such file/ : says },
      { name: `job submit --test ${kind}.csv`, class: 'hang', argv: ['job', 'submit', ...TC, '--model', TINY_SENTIMENT, '--test', csv, '--map', 'sentence=text,label=label'], code: 2, says },
    );
  }
  cases.push(
    { name: 'validate /dev/zero', class: 'hang', argv: ['dataset', 'validate', '/dev/zero', ...TC], code: 2, says: /^zero: is a device, not a regular file/, withinMs: 1000 },
    { name: 'validate /dev/urandom', class: 'hang', argv: ['dataset', 'validate', '/dev/urandom', ...TC], code: 2, says: /^urandom: is a device/ },
    { name: 'validate /dev/stdin', class: 'hang', argv: ['dataset', 'validate', '/dev/stdin', ...TC, '--map', 'sentence=a,label=b'], code: 2, says: /stdin: (is a device|is a named pipe|is a socket|file not found)/ },
    { name: 'validate /proc/self/mem', class: 'hang', argv: ['dataset', 'validate', '/proc/self/mem', ...TC], code: 2, says: /mem: (the file is empty|permission denied|cannot be read)/ },
    { name: 'validate a 10 GB sparse file', class: 'hang', argv: ['dataset', 'validate', generated('sparse-10g.csv'), ...TC], code: 2, says: /sparse-10g\.csv:1: holds a NUL \(zero\) byte/, withinMs: 1000 },
    { name: 'metrics a 300 MB file', class: 'freeze', argv: ['metrics', ...TC, '--predictions', generated('metrics-300mb.jsonl'), '--references', fixture('metrics/cls-ref.jsonl')], code: 2, says: /metrics-300mb\.jsonl: is 300 MB; fm metrics reads files of up to 256 MB: score the records in parts/ },
  );
  return cases;
}

// ——— Convert into places that are not folders ———

function convertOutCases(): CliCase[] {
  const input = fixture('datasets/mixed-crlf-lf.csv');
  const to = (name: string, target: string, says: RegExp): CliCase => ({ name: `convert --out ${name}`, class: 'hang', argv: ['dataset', 'convert', input, ...TC_MAP, '--out', target], code: 2, says });
  return [
    to('a FIFO', special('fifo', '.csv'), /is a named pipe \(FIFO\), not a folder: give --out a folder/),
    to('/dev/null', '/dev/null', /The output \/dev\/null is a device, not a folder/),
    to('/dev/zero', '/dev/zero', /The output \/dev\/zero is a device, not a folder/),
    to('/dev/stdout', '/dev/stdout', /The output \/dev\/stdout is a (device|named pipe \(FIFO\)|socket|file), not a folder/),
    to('a plain file', path.dirname(special('under-file', '.csv')), /is a file, not a folder/),
    to('a symlink loop', special('loop', '.csv'), /The output folder .*loop\.csv is a symbolic link that leads back to itself/),
    to('a path under a file', special('under-file', '.csv'), /cannot be reached: a folder named in its path is a file/),
    to('/proc/self', '/proc/self', /(Cannot write in the output folder \/proc\/self|cannot be created)/),
    to('a folder whose train.jsonl is a folder', generated('out-with-folder'), /train\.jsonl in .* is a folder, not a file conversion can replace: remove it or choose another folder/),
    to('a folder whose train.jsonl is a FIFO', generated('out-with-fifo'), /train\.jsonl in .* is a named pipe \(FIFO\), not a file conversion can replace/),
    to('a folder whose train.jsonl links to /dev/zero', generated('out-with-device-link'), /train\.jsonl in .* is a symbolic link, not a file conversion can replace/),
    to('the input\'s own folder', path.dirname(input), /already exist|would replace the input|nothing written|valid/),
  ];
}

// ——— Datasets: one file, three commands ———

/** `file`: refused whole (exit 2 from every command); `record`: read, with problems at lines; `valid`. */
interface DatasetCase {
  readonly file: string;
  readonly class: HostileClass;
  readonly level: 'file' | 'record' | 'valid';
  readonly says: RegExp;
  readonly never?: RegExp;
  readonly map?: string;
  readonly task?: string;
  readonly withinMs?: number;
}

const ds = (name: string) => fixture(`datasets/${name}`);

const DATASETS: readonly DatasetCase[] = [
  // encodings and binaries
  { file: ds('utf16le-bom.csv'), class: 'misleading', level: 'file', says: /utf16le-bom\.csv:1: the file is UTF-16; save it as UTF-8/ },
  { file: ds('utf16be-bom.csv'), class: 'misleading', level: 'file', says: /utf16be-bom\.csv:1: the file is UTF-16/ },
  { file: ds('utf16le-nobom.csv'), class: 'misleading', level: 'file', says: /utf16le-nobom\.csv:1: the file looks like UTF-16 text without a byte-order mark/, never: /NUL|field/ },
  { file: ds('utf16be-nobom.csv'), class: 'misleading', level: 'file', says: /utf16be-nobom\.csv:1: the file looks like UTF-16 text without a byte-order mark/ },
  { file: ds('utf16le-nobom.jsonl'), class: 'misleading', level: 'file', says: /utf16le-nobom\.jsonl:1: the file looks like UTF-16/ },
  { file: ds('utf32le.csv'), class: 'misleading', level: 'file', says: /utf32le\.csv:1: the file is UTF-32/, never: /UTF-16/ },
  { file: ds('latin1.csv'), class: 'misleading', level: 'file', says: /latin1\.csv:2: the file is not valid UTF-8; save it as UTF-8/ },
  { file: ds('latin1.jsonl'), class: 'misleading', level: 'file', says: /latin1\.jsonl:2: the file is not valid UTF-8/ },
  { file: ds('cp1252-quotes.csv'), class: 'misleading', level: 'file', says: /cp1252-quotes\.csv:2: the file is not valid UTF-8/ },
  { file: ds('truncated-utf8.csv'), class: 'misleading', level: 'file', says: /truncated-utf8\.csv:3: the file is not valid UTF-8/ },
  { file: ds('overlong-utf8.csv'), class: 'misleading', level: 'file', says: /overlong-utf8\.csv:3: the file is not valid UTF-8/ },
  { file: ds('surrogate-utf8.jsonl'), class: 'misleading', level: 'file', says: /surrogate-utf8\.jsonl:2: the file is not valid UTF-8/ },
  { file: ds('double-bom.csv'), class: 'misleading', level: 'file', says: /double-bom\.csv:1: the file starts with two byte-order marks/ },
  { file: ds('double-bom.jsonl'), class: 'misleading', level: 'file', says: /double-bom\.jsonl:1: the file starts with two byte-order marks/ },
  { file: ds('nul.csv'), class: 'misleading', level: 'file', says: /nul\.csv:3: holds a NUL \(zero\) byte/ },
  { file: ds('nul.tsv'), class: 'misleading', level: 'file', says: /nul\.tsv:3: holds a NUL \(zero\) byte/ },
  { file: ds('nul.jsonl'), class: 'misleading', level: 'file', says: /nul\.jsonl:2: holds a NUL \(zero\) byte/ },
  { file: ds('nul.json'), class: 'misleading', level: 'file', says: /nul\.json:2: holds a NUL \(zero\) byte/ },
  { file: ds('png-renamed.csv'), class: 'misleading', level: 'file', says: /png-renamed\.csv:1: the file is a PNG image, not text/ },
  { file: ds('gzip-renamed.jsonl'), class: 'misleading', level: 'file', says: /gzip-renamed\.jsonl:1: the file is a gzip-compressed file, not text: decompress it first/ },
  { file: ds('xlsx-renamed.csv'), class: 'misleading', level: 'file', says: /xlsx-renamed\.csv:1: the file is a ZIP archive \(an Excel \.xlsx workbook is one\), not text: export the sheet as CSV/ },
  { file: ds('data.csv.gz'), class: 'misleading', level: 'file', says: /data\.csv\.gz:1: the file is a gzip-compressed file/ },
  { file: generated('invalid-utf8-far.csv'), class: 'misleading', level: 'record', says: /invalid-utf8-far\.csv:200002: the file is not valid UTF-8/, withinMs: 5000 },
  { file: generated('nul-far.jsonl'), class: 'misleading', level: 'record', says: /nul-far\.jsonl:100001: holds a NUL \(zero\) byte/, withinMs: 5000 },
  // empty files
  { file: ds('empty.csv'), class: 'misleading', level: 'file', says: /empty\.csv: the file is empty/ },
  { file: ds('empty.jsonl'), class: 'misleading', level: 'file', says: /empty\.jsonl: the file is empty/ },
  { file: ds('empty.json'), class: 'misleading', level: 'file', says: /empty\.json: the file is empty/ },
  { file: ds('whitespace.json'), class: 'misleading', level: 'record', says: /whitespace\.json:2: holds no JSON array/ },
  // mixed and foreign line endings: read as one
  { file: ds('mixed-crlf-lf.csv'), class: 'misleading', level: 'valid', says: /valid: 3 records/ },
  { file: ds('mixed-lf-crlf.csv'), class: 'misleading', level: 'valid', says: /valid: 3 records/ },
  { file: ds('cr-only.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('cr-only.jsonl'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('mixed.jsonl'), class: 'misleading', level: 'valid', says: /valid: 3 records/ },
  { file: ds('crlf-quoted-multiline.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  // the extension decides, content that disagrees is said
  { file: ds('array-first-line.jsonl'), class: 'misleading', level: 'file', says: /array-first-line\.jsonl:1: this \.jsonl file's first line is an array, not a JSON object/ },
  { file: ds('pretty-array.jsonl'), class: 'misleading', level: 'file', says: /pretty-array\.jsonl:1: this \.jsonl file's first line is an array/ },
  { file: ds('csv-content.jsonl'), class: 'misleading', level: 'file', says: /csv-content\.jsonl:1: this \.jsonl file's first line is not a JSON object \(it starts "text,label"\).*name it \.csv/ },
  { file: ds('comments.jsonl'), class: 'misleading', level: 'file', says: /comments\.jsonl:1: this \.jsonl file's first line is a comment/ },
  { file: ds('scalars.jsonl'), class: 'misleading', level: 'file', says: /scalars\.jsonl:1: this \.jsonl file's first line is a number, not a JSON object/ },
  { file: ds('object.json'), class: 'misleading', level: 'file', says: /object\.json:1: this \.json file holds a JSON object, not an array of records/, never: /jsonl:/ },
  { file: ds('wrapped-object.json'), class: 'misleading', level: 'file', says: /wrapped-object\.json:1: this \.json file holds a JSON object/ },
  { file: ds('csv-content.json'), class: 'misleading', level: 'file', says: /csv-content\.json:1: this \.json file does not start with "\["/ },
  { file: ds('jsonl-content.csv'), class: 'misleading', level: 'file', says: /jsonl-content\.csv:1: this \.csv file's first line is a JSON object.*name it \.jsonl/ },
  { file: ds('jsonl-content.tsv'), class: 'misleading', level: 'file', says: /jsonl-content\.tsv:1: this \.tsv file's first line is a JSON object/ },
  { file: ds('json-array-content.csv'), class: 'misleading', level: 'file', says: /json-array-content\.csv:1: this \.csv file starts with a JSON array.*name it \.json/ },
  { file: ds('json-array.txt'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('jsonl.txt'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  // JSON Lines syntax, located
  { file: ds('pretty-printed.jsonl'), class: 'misleading', level: 'record', says: /pretty-printed\.jsonl:1: this line holds only "\{": each line must hold one whole JSON object/, never: /not mapped/ },
  { file: ds('trailing-comma.jsonl'), class: 'misleading', level: 'record', says: /trailing-comma\.jsonl:1: invalid JSON: Expected double-quoted property name at column 23/ },
  { file: ds('single-quotes.jsonl'), class: 'misleading', level: 'record', says: /single-quotes\.jsonl:1: invalid JSON: .* at column 2/, never: /not mapped/ },
  { file: ds('nan.jsonl'), class: 'misleading', level: 'record', says: /nan\.jsonl:1: invalid JSON: expected a value .* found "N" at column 21/ },
  { file: ds('bare-words.jsonl'), class: 'misleading', level: 'record', says: /bare-words\.jsonl:1: invalid JSON: expected a value .* found "b" at column 10/, never: /is not valid JSON"|not mapped/ },
  { file: ds('unterminated.jsonl'), class: 'misleading', level: 'record', says: /unterminated\.jsonl:2: invalid JSON: Unterminated string at column 11/ },
  { file: ds('bom-mid.jsonl'), class: 'misleading', level: 'record', says: /bom-mid\.jsonl:2: starts with a byte-order mark \(U\+FEFF\)/ },
  { file: ds('lone-surrogate.jsonl'), class: 'crash', level: 'valid', says: /valid: 2 records/ },
  { file: ds('escaped-nul.jsonl'), class: 'crash', level: 'valid', says: /valid: 2 records/ },
  { file: ds('duplicate-keys.jsonl'), class: 'crash', level: 'valid', says: /valid: 2 records/ },
  { file: ds('huge-number.jsonl'), class: 'misleading', level: 'record', says: /huge-number\.jsonl:1: label: expected an integer or a text label, found number Infinity/ },
  { file: ds('wide-object.jsonl'), class: 'freeze', level: 'record', says: /wide-object\.jsonl: label: every record has the same label/ },
  { file: ds('proto-keys.jsonl'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('dotted-keys.jsonl'), class: 'misleading', level: 'valid', map: 'sentence=a.b,label=label', says: /valid: 2 records/ },
  // nesting, in every format
  { file: ds('deep-64.jsonl'), class: 'crash', level: 'valid', says: /valid: 2 records/ },
  { file: ds('deep-65.jsonl'), class: 'crash', level: 'record', says: /deep-65\.jsonl:1: nested too deeply \(more than 64 levels of objects and arrays\)/ },
  { file: ds('deep-objects.jsonl'), class: 'crash', level: 'record', says: /deep-objects\.jsonl:1: nested too deeply/ },
  { file: ds('deep-invalid.jsonl'), class: 'crash', level: 'record', says: /deep-invalid\.jsonl:2: nested too deeply/ },
  { file: ds('deep-item.json'), class: 'crash', level: 'record', says: /deep-item\.json:2: nested too deeply/ },
  { file: generated('deep-100k.jsonl'), class: 'crash', level: 'record', says: /deep-100k\.jsonl:1: nested too deeply/, never: /call stack/ },
  { file: generated('deep-100k-objects.jsonl'), class: 'crash', level: 'record', says: /deep-100k-objects\.jsonl:1: nested too deeply/ },
  { file: generated('deep-100k-invalid.jsonl'), class: 'crash', level: 'record', says: /deep-100k-invalid\.jsonl:2: nested too deeply/ },
  { file: generated('deep-100k.json'), class: 'crash', level: 'record', says: /deep-100k\.json:3: nested too deeply/ },
  { file: generated('deep-100k-cell.csv'), class: 'crash', level: 'record', task: 'token-classification', map: 'tokens=words,tags=tags', says: /deep-100k-cell\.csv:2: tokens: (item 1 of the list is|expected a list of strings)/ },
  // lines and records past 16 MB
  { file: generated('long-line.jsonl'), class: 'freeze', level: 'record', says: /long-line\.jsonl:1: the line is longer than 16 MB/, withinMs: 5000 },
  { file: generated('long-item.json'), class: 'freeze', level: 'record', says: /long-item\.json:2: item 1 of the array is longer than 16 MB/, withinMs: 5000 },
  { file: generated('long-field.csv'), class: 'freeze', level: 'record', says: /long-field\.csv:2: this record is longer than 16 MB, more than any record of text data/, withinMs: 5000 },
  { file: generated('unterminated-quote-big.csv'), class: 'freeze', level: 'record', says: /unterminated-quote-big\.csv:3: this record runs on for more than 16 MB without ending: a quote that never closes\?/, withinMs: 6000 },
  { file: generated('wide.csv'), class: 'freeze', level: 'record', map: 'sentence=c1,label=c2', says: /wide\.csv:2: sentence: is a number \(1\), not text/, withinMs: 5000 },
  { file: generated('many-problems.csv'), class: 'freeze', level: 'record', map: 'sentence=text,label=label', says: /many-problems\.csv:2: sentence: is empty[\s\S]*… and 99900 more problems/, withinMs: 5000 },
  { file: generated('big-array.json'), class: 'misleading', level: 'record', says: /big-array\.json:80001: invalid JSON: expected a value .* found "o" at column 28/, withinMs: 5000 },
  // JSON arrays: physical lines and columns
  { file: ds('items-bad.json'), class: 'misleading', level: 'record', says: /items-bad\.json:4: invalid JSON: expected a value .* found "b" at column 13[\s\S]*items-bad\.json:5: item 3 of the array is a number, not a JSON object/ },
  { file: ds('scalars.json'), class: 'misleading', level: 'record', says: /scalars\.json:1: item 2 of the array is a string, not a JSON object/ },
  { file: ds('unclosed-array.json'), class: 'misleading', level: 'record', says: /unclosed-array\.json:4: the file ends before the array is closed with "\]"/ },
  { file: ds('unclosed-item.json'), class: 'misleading', level: 'record', says: /unclosed-item\.json:5: the file ends inside item 2 of the array, which starts on line 3/ },
  { file: ds('array-trailing-comma.json'), class: 'misleading', level: 'record', says: /array-trailing-comma\.json:3: a comma before "\]" at column 1/ },
  { file: ds('array-double-comma.json'), class: 'misleading', level: 'record', says: /array-double-comma\.json:1: an empty item \(a comma with nothing before it\) at column 28/ },
  { file: ds('array-missing-comma.json'), class: 'misleading', level: 'record', says: /array-missing-comma\.json:3: expected "," or "\]" after item 1 of the array, found "\{" at column 3/ },
  { file: ds('text-after-array.json'), class: 'misleading', level: 'record', says: /text-after-array\.json:2: text after the end of the array at column 1/ },
  { file: ds('mismatched-brackets.json'), class: 'misleading', level: 'record', says: /mismatched-brackets\.json:2: invalid JSON at column 28: this "\}" does not close the "\[" before it/ },
  { file: ds('brackets-in-strings.json'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  // CSV
  { file: ds('unterminated-quote.csv'), class: 'misleading', level: 'record', says: /unterminated-quote\.csv:3: unterminated quote/ },
  { file: ds('bad-quotes.csv'), class: 'misleading', level: 'record', says: /bad-quotes\.csv:2: malformed quotes/ },
  { file: ds('ragged.csv'), class: 'misleading', level: 'record', says: /ragged\.csv:2: has 3 fields, the header has 2[\s\S]*ragged\.csv:3: has 1 field/ },
  { file: ds('numeric-header.csv'), class: 'misleading', level: 'valid', map: 'sentence=0,label=1', says: /valid: 6 records/, never: /is a number/ },
  { file: ds('pandas-index.csv'), class: 'misleading', level: 'valid', map: 'sentence=0,label=1', says: /valid: 6 records/ },
  { file: ds('no-header.csv'), class: 'misleading', level: 'valid', map: 'sentence=column_1,label=column_2', says: /valid: 3 records/ },
  { file: ds('duplicate-header.csv'), class: 'misleading', level: 'record', says: /duplicate-header\.csv:1: text: duplicate column name \(columns 1 and 3\); rename one of them/ },
  { file: ds('proto-header.csv'), class: 'misleading', level: 'valid', map: 'sentence=__proto__,label=label', says: /valid: 2 records/ },
  { file: ds('proto-header.csv'), class: 'misleading', level: 'valid', map: 'sentence=constructor,label=label', says: /valid: 2 records/ },
  { file: ds('blank-header.csv'), class: 'misleading', level: 'valid', map: 'sentence=column_1,label=column_2', says: /valid: 2 records/ },
  { file: ds('only-delimiters.csv'), class: 'misleading', level: 'record', says: /only-delimiters\.csv: sentence: is not mapped to a column[\s\S]*sentence: no column suggested/ },
  { file: ds('only-delimiters.csv'), class: 'misleading', level: 'record', map: 'sentence=column_1,label=column_2', says: /only-delimiters\.csv:2: sentence: is empty/ },
  { file: ds('header-only.csv'), class: 'misleading', level: 'record', says: /header-only\.csv: has no records \(only a header, or only blank lines\)/, never: /not mapped/ },
  { file: ds('blank-lines.csv'), class: 'misleading', level: 'record', says: /blank-lines\.csv: has no records/, never: /not mapped/ },
  { file: ds('bom-only.csv'), class: 'misleading', level: 'record', says: /bom-only\.csv: has no records/, never: /not mapped/ },
  { file: ds('whitespace.jsonl'), class: 'misleading', level: 'record', says: /whitespace\.jsonl: has no records/, never: /not mapped/ },
  { file: ds('empty-array.json'), class: 'misleading', level: 'record', says: /empty-array\.json: has no records/, never: /not mapped/ },
  { file: ds('html.csv'), class: 'misleading', level: 'record', says: /html\.csv: has no records/, never: /not mapped/ },
  { file: ds('semicolon.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('tabs-in.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('formula.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('control-chars.csv'), class: 'crash', level: 'valid', says: /valid: 2 records/ },
  { file: ds('quoted-header.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
  { file: ds('space-header.csv'), class: 'misleading', level: 'valid', says: /valid: 2 records/ },
];

function datasetCases(): CliCase[] {
  const cases: CliCase[] = [];
  for (const [index, c] of DATASETS.entries()) {
    const name = path.basename(c.file);
    const map = c.map ? ['--map', c.map] : [];
    const task = c.task ? ['--task', c.task] : TC;
    const base = { class: c.class, never: c.never, withinMs: c.withinMs };
    const suffix = c.map ? ` --map ${c.map}` : '';
    if (c.level === 'file') {
      cases.push(
        { ...base, name: `inspect ${name}`, argv: ['dataset', 'inspect', c.file], code: 2, says: c.says },
        { ...base, name: `validate ${name}`, argv: ['dataset', 'validate', c.file, ...TC, ...map], code: 2, says: c.says },
        { ...base, name: `convert ${name}`, argv: ['dataset', 'convert', c.file, ...TC_MAP, '--out', out(`ds-${index}`)], code: 2, says: c.says },
      );
    } else if (c.level === 'record') {
      cases.push(
        { ...base, name: `validate ${name}${suffix}`, argv: ['dataset', 'validate', c.file, ...task, ...map], code: 1, says: c.says },
        { ...base, name: `convert ${name}${suffix}`, argv: ['dataset', 'convert', c.file, ...task, ...map, '--out', out(`ds-${index}`)], code: 1, says: c.says },
      );
    } else {
      cases.push(
        { ...base, name: `validate ${name}${suffix}`, argv: ['dataset', 'validate', c.file, ...TC, ...map], code: 0, says: c.says },
        { ...base, name: `inspect ${name}`, argv: ['dataset', 'inspect', c.file], code: 0, says: /rows, \d+ bytes\ncolumns:/ },
      );
    }
  }
  return cases;
}

// ——— Column mappings that reach for the prototype ———

function mappingCases(): CliCase[] {
  const proto = ds('proto-keys.jsonl');
  const csv = ds('proto-header.csv');
  const tc = (map: string, file = proto) => ['dataset', 'validate', file, ...TC, '--map', map];
  return [
    { name: '--map sentence=toString on a file without that column', class: 'misleading', argv: tc('sentence=toString,label=label', ds('mixed.jsonl')), code: 1, says: /mixed\.jsonl:1: sentence: is missing \(no "toString" field in this record\)/, never: /function|native code/ },
    { name: '--map sentence=constructor on a file without that column', class: 'misleading', argv: tc('sentence=constructor,label=label', ds('mixed.jsonl')), code: 1, says: /sentence: is missing \(no "constructor" field/, never: /function|native code/ },
    { name: '--map sentence=__proto__ on a file without that column', class: 'misleading', argv: tc('sentence=__proto__,label=label', ds('mixed.jsonl')), code: 1, says: /sentence: is missing \(no "__proto__" field/, never: /\[object Object\]/ },
    { name: '--map sentence=hasOwnProperty', class: 'misleading', argv: tc('sentence=hasOwnProperty,label=label', ds('mixed.jsonl')), code: 1, says: /sentence: is missing \(no "hasOwnProperty" field/, never: /function/ },
    { name: '--map sentence=toString where the record has one', class: 'misleading', argv: tc('sentence=toString,label=label'), code: 0, says: /valid: 2 records/ },
    { name: '--map sentence=__proto__ where the record has one', class: 'misleading', argv: tc('sentence=__proto__,label=label'), code: 0, says: /valid: 2 records/ },
    { name: '--map sentence=__proto__ on a CSV column', class: 'misleading', argv: tc('sentence=__proto__,label=label', csv), code: 0, says: /valid: 2 records/ },
    { name: '--map __proto__=text', class: 'misleading', argv: tc('__proto__=text,sentence=text,label=label'), code: 1, says: /__proto__: is not a role of text-classification/ },
    { name: '--map constructor=text', class: 'misleading', argv: tc('constructor=text,sentence=text,label=label'), code: 1, says: /constructor: is not a role of text-classification/ },
    { name: '--map sentence=toString.length', class: 'misleading', argv: tc('sentence=toString.length,label=label', ds('mixed.jsonl')), code: 1, says: /sentence: is missing \(no "toString\.length" field/ },
    { name: '--map sentence=text.length', class: 'misleading', argv: tc('sentence=text.length,label=label', ds('mixed.jsonl')), code: 1, says: /sentence: is missing \(no "text\.length" field/, never: /number/ },
    { name: '--map sentence=a.b.c.d.e', class: 'misleading', argv: tc('sentence=a.b.c.d.e,label=label', ds('dotted-keys.jsonl')), code: 1, says: /sentence: is missing/ },
    { name: '--map with an empty column', class: 'misleading', argv: tc('sentence=,label=label'), code: 2, says: /--map takes role=column pairs separated by commas, not "sentence="/ },
    { name: '--map with an empty role', class: 'misleading', argv: tc('=text,label=label'), code: 2, says: /--map takes role=column pairs/ },
  ];
}

// ——— Metrics files ———

const mx = (name: string) => fixture(`metrics/${name}`);

function metricsCases(): CliCase[] {
  const run = (task: string, predictions: string, references: string) => ['metrics', '--task', task, '--predictions', predictions, '--references', references];
  const cls = (references: string) => run('text-classification', mx('cls-pred.jsonl'), references);
  const m = (name: string, argv: string[], code: number, says: RegExp, extra: Partial<CliCase> = {}): CliCase => ({ name: `metrics ${name}`, class: 'misleading', argv, code, says, never: /Invalid input/, ...extra });
  return [
    m('a boolean label', cls(mx('bool-label.jsonl')), 1, /bool-label\.jsonl:2: reference: expected label \(string or integer\), found the boolean true/),
    m('a fractional label', cls(mx('float-label.jsonl')), 1, /float-label\.jsonl:2: reference: expected label \(string or integer\), found the number 1\.5/),
    m('a null label', cls(mx('null-value.jsonl')), 1, /null-value\.jsonl:2: reference: expected label \(string or integer\), found null/),
    m('an object label', cls(mx('object-label.jsonl')), 1, /object-label\.jsonl:2: reference: expected label \(string or integer\), found an object/),
    m('a number as a summary', run('summarization', mx('sum-pred.jsonl'), mx('number-summary.jsonl')), 1, /number-summary\.jsonl:2: reference: expected reference summary \(string, or list of strings\), found the number 42/),
    m('a list with a number as references', run('summarization', mx('sum-pred.jsonl'), mx('mixed-list.jsonl')), 1, /mixed-list\.jsonl:2: reference: \[1\]: Invalid input: expected string, received number|mixed-list\.jsonl:2: reference: \[1\]: .*expected string/, { never: /^$/ }),
    m('an empty list as references', run('translation', mx('sum-pred.jsonl'), mx('empty-list.jsonl')), 1, /empty-list\.jsonl:2: reference: (at least one reference|expected reference translation)/),
    m('a tag list given as a string', run('token-classification', mx('ner-pred.jsonl'), mx('tags-string.jsonl')), 1, /tags-string\.jsonl:2: reference: Invalid input: expected array, received string/, { never: /^$/ }),
    m('an empty tag', run('token-classification', mx('ner-pred.jsonl'), mx('tags-empty-tag.jsonl')), 1, /tags-empty-tag\.jsonl:1: reference: \[1\]: a tag is empty/),
    m('tag counts that differ', run('token-classification', mx('ner-pred.jsonl'), mx('tags-count.jsonl')), 1, /ner-pred\.jsonl:1: 2 tags for 3 reference tags; there must be one tag per token/),
    m('a number among QA answers', run('question-answering', mx('qa-pred.jsonl'), mx('answers-number.jsonl')), 1, /answers-number\.jsonl:2: references: \[0\]: .*expected string|answers-number\.jsonl:2: references: expected list of acceptable answer texts/, { never: /^$/ }),
    m('predictions given as references', cls(mx('swapped-keys.jsonl')), 1, /swapped-keys\.jsonl:1: no "reference" or "references" field but a "prediction" one: is this file given as --references by mistake\?/),
    m('references given as predictions', run('text-classification', mx('cls-ref.jsonl'), mx('cls-ref.jsonl')), 1, /cls-ref\.jsonl:1: no "prediction" field but a "reference" one: is this file given as --predictions by mistake\?/),
    m('both keys', cls(mx('both-keys.jsonl')), 1, /both-keys\.jsonl:1: both "reference" and "references": give one/),
    m('a __proto__ key', cls(mx('proto-key.jsonl')), 1, /proto-key\.jsonl:1: no "reference" or "references" field/),
    m('a constructor key', cls(mx('constructor-key.jsonl')), 1, /constructor-key\.jsonl:1: no "reference" or "references" field/),
    m('fewer references', cls(mx('short.jsonl')), 1, /cls-pred\.jsonl has 3 predictions but short\.jsonl has 2 references/),
    m('an empty file', cls(mx('empty.jsonl')), 1, /cls-pred\.jsonl has 3 predictions but empty\.jsonl has 0 references/),
    m('blank lines only', cls(mx('blank.jsonl')), 1, /has 0 references/),
    m('plain text lines', cls(mx('not-json.jsonl')), 1, /not-json\.jsonl:1: not valid JSON: expected a value .* found "p" at column 1/),
    m('a CSV file', cls(mx('csv-file.csv')), 1, /csv-file\.csv:1: not valid JSON/),
    m('a JSON array file', cls(mx('json-array.json')), 1, /json-array\.json:1: this line holds only "\[": each line must hold one whole JSON object/),
    m('a pretty-printed object', cls(mx('pretty-object.jsonl')), 1, /pretty-object\.jsonl:1: this line holds only "\{"/),
    m('a scalar line', cls(mx('scalar-line.jsonl')), 1, /scalar-line\.jsonl:1: expected a JSON object such as \{"reference": …\}/),
    m('an array line', cls(mx('array-line.jsonl')), 1, /array-line\.jsonl:1: expected a JSON object such as \{"reference": …\}/),
    m('a trailing comma', cls(mx('trailing-comma.jsonl')), 1, /trailing-comma\.jsonl:1: not valid JSON: Expected double-quoted property name at column 20/),
    m('nesting past the limit', cls(mx('deep-65.jsonl')), 1, /deep-65\.jsonl:1: nested too deeply \(more than 64 levels/, { class: 'crash' }),
    m('nesting past the limit, invalid', cls(mx('deep-invalid.jsonl')), 1, /deep-invalid\.jsonl:2: nested too deeply/, { class: 'crash' }),
    m('100,000 levels', cls(generated('metrics-deep-100k.jsonl')), 1, /metrics-deep-100k\.jsonl:1: nested too deeply/, { class: 'crash' }),
    m('a NUL byte', cls(mx('nul.jsonl')), 1, /nul\.jsonl:2: holds a NUL \(zero\) byte/),
    m('UTF-16', cls(mx('utf16.jsonl')), 1, /utf16\.jsonl:1: the file is UTF-16/),
    m('Latin-1', cls(mx('latin1.jsonl')), 1, /latin1\.jsonl:2: the file is not valid UTF-8/),
    m('CRLF line endings', cls(mx('crlf.jsonl')), 0, /accuracy +0\.6667/),
    m('a byte-order mark', cls(mx('bom.jsonl')), 0, /accuracy +0\.6667/),
    m('a lone surrogate', cls(mx('lone-surrogate.jsonl')), 0, /accuracy/),
    m('a line of 17 MB', cls(generated('metrics-long-line.jsonl')), 1, /metrics-long-line\.jsonl:1: the line is longer than 16 MB/, { class: 'freeze', withinMs: 5000 }),
    m('50,000 classes', run('text-classification', generated('classes-50k-pred.jsonl'), generated('classes-50k-ref.jsonl')), 0, /note: no confusion matrix: 50000 classes, more than the 500 it is drawn for/, { class: 'freeze', withinMs: 5000 }),
    m('ROUGE on 200,000-token texts', run('summarization', generated('rouge-200k-pred.jsonl'), generated('rouge-200k-ref.jsonl')), 1, /rouge-200k-pred\.jsonl:1: the prediction has 200,000 tokens and its reference 200,000: .* at most 100,000,000 comparisons/, { class: 'freeze', withinMs: 10_000 }),
    m('ROUGE on 5,000-token texts', run('summarization', generated('rouge-5k-pred.jsonl'), generated('rouge-5k-ref.jsonl')), 0, /rougeLsum/, { class: 'freeze', withinMs: 5000 }),
    m('ROUGE on 200,000-token texts for text generation', run('text-generation', generated('rouge-200k-pred.jsonl'), generated('rouge-200k-ref.jsonl')), 1, /rouge-200k-pred\.jsonl:1: the prediction has 200,000 tokens/, { class: 'freeze', withinMs: 10_000 }),
  ];
}

// ——— Model cards ———

function cardCases(): CliCase[] {
  const cd = (name: string) => fixture(`cards/${name}`);
  const card = (name: string, file: string, says: RegExp, extra: Partial<CliCase> = {}): CliCase => ({ name: `card render ${name}`, class: 'freeze', argv: ['card', 'render', file], code: 0, says, withinMs: 1000, ...extra });
  const refused = /<p class="card-limit"><strong>This model card/;
  return [
    card('a 1 MB nested-div card', generated('card-nested-1mb.md'), /This model card is 966\.8 KB, more than the 256 KB a card renders: its beginning is shown as plain text/),
    card('a 300 KB card', generated('card-300kb.md'), /more than the 256 KB a card renders/),
    card('a 5 MB card', generated('card-5mb.md'), /card-5mb\.md is [\d.]+ MB<\/strong>: cards render up to 256 KB, so only its beginning is shown here/),
    card('a 1 MB front matter', generated('card-big-front-matter.md'), /<h1>Small card after a big front matter<\/h1>/),
    card('150 nested divs', cd('nested-150.md'), /This model card nests its HTML more than 100 elements deep/),
    card('99 nested divs', cd('nested-100.md'), /<h1>Just within<\/h1>\n<div><div>/, { never: refused }),
    card('3,000 unclosed <b>', cd('unclosed-b.md'), /nests its HTML more than 100 elements deep/),
    card('3,000 unclosed <p>', cd('unclosed-p.md'), /<h1>Paragraphs<\/h1>/, { never: refused }),
    card('scripts and handlers', cd('script.md'), /<h1>Script<\/h1>/, { never: /<script|onerror|javascript:|<iframe/ }),
    card('malformed anchors', cd('bad-anchor.md'), /href="#%E0%A4%25A"/),
    card('a 5,000-deep front matter', cd('deep-front-matter.md'), /<h1>After front matter<\/h1>/),
    card('a YAML bomb in the front matter', cd('yaml-bomb-front-matter.md'), /<h1>Laughs<\/h1>/),
    card('a binary file', cd('binary.md'), /binary\.md is not text<\/strong> \(it holds zero bytes/),
    card('a UTF-16 file', cd('utf16.md'), /<h1>UTF-16 card<\/h1>/),
    card('20,000 brackets', cd('brackets.md'), /<p>\[\[\[/),
    card('5,000 emphasis openers', cd('emphasis.md'), /<em>/),
    card('20,000 blockquote levels', cd('blockquotes.md'), /<blockquote>/),
    card('300 nested lists', cd('lists.md'), /<ul>/),
    card('an empty card', cd('empty.md'), /^\n?$/),
  ];
}

// ——— Model folders ———

function folderCases(): CliCase[] {
  const md = (name: string) => fixture(`models/${name}`);
  const list = (name: string, folder: string, says: RegExp, klass: HostileClass = 'crash'): CliCase => ({
    name: `catalog list --models ${name}`,
    class: klass,
    argv: ['catalog', 'list', '--models', folder],
    code: 0,
    says,
    never: /call stack|EISDIR|ELOOP/,
  });
  const cases: CliCase[] = [
    list('config.json with a trailing comma', md('bad-config-json'), /warning: .*bad-config-json: config\.json is not valid JSON/),
    list('config.json 10,000 deep', md('deep-config-json'), /warning: .*deep-config-json: config\.json: nested too deeply/),
    list('config.json that is an array', md('config-not-object'), /warning: .*config-not-object: config\.json: /),
    list('config.json of the wrong types', md('config-wrong-types'), /warning: .*config-wrong-types: config\.json: /),
    list('a binary config.json', md('binary-config'), /warning: .*binary-config: config\.json is not valid JSON|warning: .*binary-config: config\.json/),
    list('MLmodel 10,000 deep (flow)', md('deep-mlmodel'), /warning: .*deep-mlmodel: MLmodel: nested too deeply/),
    list('MLmodel 3,000 deep (blocks)', md('deep-block-mlmodel'), /warning: .*deep-block-mlmodel: MLmodel(: nested too deeply| is not valid YAML)/),
    list('MLmodel with a billion laughs', md('yaml-bomb-mlmodel'), /warning: .*yaml-bomb-mlmodel: MLmodel is not valid YAML: Excessive alias count/),
    list('MLmodel that is not YAML', md('bad-mlmodel'), /warning: .*bad-mlmodel: MLmodel is not valid YAML/),
    list('a broken front matter', md('bad-front-matter'), /local-folder\/.*bad-front-matter\ttext-classification\tunknown/),
    list('hostile safetensors headers', md('hostile-safetensors'), /local-folder\/.*hostile-safetensors\ttext-classification\tunknown\t\n/),
    list('a 20 MB config.json', generated('huge-config'), /warning: .*huge-config: config\.json: is 20 MB, more than the 16 MB a model's metadata file may be/, 'freeze'),
    list('a 5 MB README', generated('huge-readme'), /local-folder\/.*huge-readme\ttext-classification\tapache-2\.0/, 'freeze'),
  ];
  for (const kind of ['fifo', 'folder', 'loop', 'zero'] as const) {
    const says: Readonly<Record<typeof kind, string>> = { fifo: 'is a named pipe \\(FIFO\\)', folder: 'is a folder, not a file', loop: 'is a symbolic link that leads back to itself', zero: 'is a device, not a regular file' };
    cases.push(
      list(`config.json that is a ${kind}`, generated(`model-${kind}-config-json`), new RegExp(`warning: .*model-${kind}-config-json: config\\.json: ${says[kind]}`), 'hang'),
      list(`README.md that is a ${kind}`, generated(`model-${kind}-README-md`), new RegExp(`warning: .*model-${kind}-README-md: README\\.md: ${says[kind]}`), 'hang'),
      list(`MLmodel that is a ${kind}`, generated(`model-${kind}-MLmodel`), new RegExp(`warning: .*model-${kind}-MLmodel: MLmodel: ${says[kind]}`), 'hang'),
    );
  }
  cases.push(
    { name: 'serve a folder whose config.json is a FIFO', class: 'hang', argv: ['serve', generated('model-fifo-config-json')], code: 1, says: /cannot run on this machine: its config\.json is a named pipe \(FIFO\)|lacks tokenizer\.json/ },
    { name: 'serve a FIFO', class: 'hang', argv: ['serve', special('fifo', '.csv')], code: 1, says: /There is no folder .*fifo\.csv/ },
  );
  return cases;
}

export function hostileCliCases(): CliCase[] {
  return [...specialCases(), ...convertOutCases(), ...datasetCases(), ...mappingCases(), ...metricsCases(), ...cardCases(), ...folderCases()];
}
