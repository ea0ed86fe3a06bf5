import assert from 'node:assert/strict';
import type { CatalogModel } from '../../../../src/core/catalog/catalogModel';
import { codeDocument, codeFiles, fencedBlock, inlineCode } from '../../../../src/core/code/codeDocument';
import { jobCodeDocument } from '../../../../src/core/code/codeSections';
import { codeActions, languagePairOf, placeholderJob, placeholderRecord } from '../../../../src/core/code/jobCode';
import { ObjectRecord } from '../../../../src/core/datasets/rawRecord';
import { recordMapper } from '../../../../src/core/datasets/recordMapping';
import { catalogModel } from '../../../support/catalogModels';
import { TASK_IDS, TASKS, type CanonicalRecord, type TaskId } from '../../../../src/core/tasks';

const model = (overrides: Partial<CatalogModel> = {}) => catalogModel({ fineTuningTasks: ['text-classification', 'token-classification', 'question-answering'], ...overrides });

/** A record of each task in its canonical shape that passes the task's own rules. */
const CANONICAL: Readonly<Record<TaskId, CanonicalRecord>> = {
  'text-classification': { sentence: 'Great battery.', label: 'positive' },
  'token-classification': { tokens: ['Ada', 'lived', 'in', 'London'], tags: ['B-PER', 'O', 'O', 'B-LOC'] },
  'question-answering': { question: 'Who?', context: 'Ada wrote it.', answer_text: 'Ada', answer_start: 0 },
  summarization: { document: 'A long text.', summary: 'Short.' },
  translation: { source: 'Good morning', target: 'Guten Morgen' },
  'fill-mask': { text: 'Paris is the [MASK] of France.', answer: 'capital' },
  'text-generation': { text: 'Once upon', ground_truth: 'a time' },
};

describe('Show Code: the job a card would start, on placeholder files', () => {
  it('offers only what the model can do: evaluation of one of our tasks, fine-tuning for its tasks, and both kinds of deployment', () => {
    assert.deepEqual(codeActions(model()), [
      { kind: 'evaluate', task: 'fill-mask' },
      { kind: 'fineTune', task: 'text-classification' },
      { kind: 'fineTune', task: 'token-classification' },
      { kind: 'fineTune', task: 'question-answering' },
      { kind: 'deploy', endpoint: 'online' },
      { kind: 'deploy', endpoint: 'batch' },
    ]);
    assert.deepEqual(codeActions(model({ task: 'image-classification', fineTuningTasks: [] })).map((a) => a.kind), ['deploy', 'deploy']);
  });

  it("describes an evaluation's file with a key per role (its reference too), and a fine-tune's in the shape the component reads", () => {
    assert.deepEqual(placeholderRecord('evaluate', 'fill-mask', undefined), { mapping: { text: 'text', answer: 'answer' }, record: { text: '<text>', answer: '<answer>' } });
    assert.deepEqual(placeholderRecord('fineTune', 'text-classification', undefined).record, { sentence: '<sentence>', label: '<label>' });
    assert.deepEqual(placeholderRecord('fineTune', 'question-answering', undefined), {
      mapping: { question: 'question', context: 'context', answer_text: 'answers.text', answer_start: 'answers.answer_start' },
      record: { question: '<question>', context: '<context>', answers: { answer_start: [0], text: ['<answer_text>'] } },
    });
    assert.deepEqual(placeholderRecord('fineTune', 'translation', { source: 'en', target: 'ro' }), { mapping: { source: 'en', target: 'ro' }, record: { en: '<source>', ro: '<target>' } });
  });

  it('maps every fine-tune file back through --map to the record the component was given, for every fine-tunable task', () => {
    const languages = { source: 'en', target: 'de' };
    for (const task of TASK_IDS.filter((id) => TASKS[id].fineTunable)) {
      const { mapping } = placeholderRecord('fineTune', task, languages);
      const context = { mappedRoles: new Set(Object.keys(mapping)), languages };
      const shaped = TASKS[task].azure.finetune?.shapeRecord?.(CANONICAL[task], context) ?? CANONICAL[task];
      const mapped = recordMapper(task, mapping)(new ObjectRecord(1, { ...shaped }));
      assert.ok(mapped.ok, `${task}: ${JSON.stringify(mapped)}`);
      assert.deepEqual(mapped.record, CANONICAL[task], task);
    }
  });

  it("reads a translation's languages from the model's name, else leaves placeholders to replace", () => {
    assert.deepEqual(languagePairOf({ name: 'helsinki-nlp-opus-mt-en-de' }), { source: 'en', target: 'de' });
    assert.deepEqual(languagePairOf({ name: 't5-small', source: 'azureml://registries/azureml/models/t5-small/versions/3' }), { source: '<source-lang>', target: '<target-lang>' });
  });

  it('fine-tunes on the placeholder files YOUR-TRAIN-DATA.jsonl and YOUR-VALIDATION-DATA.jsonl with the default settings; evaluates on YOUR-TEST-DATA.jsonl', () => {
    const fineTune = placeholderJob(model(), 'fineTune', 'text-classification', 'gpu-cluster');
    assert.deepEqual(fineTune.spec.data, { file: './YOUR-TRAIN-DATA.jsonl', validationFile: './YOUR-VALIDATION-DATA.jsonl', mapping: { sentence: 'sentence', label: 'label' } });
    assert.deepEqual(fineTune.spec.settings, TASKS['text-classification'].training);
    assert.equal(fineTune.spec.compute, 'gpu-cluster');
    assert.deepEqual(fineTune.files.map((f) => f.part), ['train', 'validation']);
    const evaluate = placeholderJob(model({ task: 'text-classification' }), 'evaluate', 'text-classification');
    assert.deepEqual(evaluate.files.map((f) => [f.part, f.path]), [['test', './YOUR-TEST-DATA.jsonl']]);
    assert.equal(evaluate.spec.settings, undefined);
  });
});

describe('Show Code: the document', () => {
  it('fences a block longer than any backtick run inside it, and inline code likewise', () => {
    assert.equal(fencedBlock('sh', 'echo hi\n'), '```sh\necho hi\n```');
    assert.equal(fencedBlock('yaml', 'a: "```"'), '````yaml\na: "```"\n````');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x'), '`` `x ``');
  });

  it('numbers the sections and keeps each file once, for Save Files…', () => {
    const sections = [
      { title: 'One', paragraphs: ['Text.'], blocks: [{ heading: 'job.yml', language: 'yaml', text: 'a: 1\n', file: 'job.yml' }] },
      { title: 'Two', paragraphs: [], blocks: [{ language: 'sh', text: 'az ml job create --file job.yml' }, { language: 'yaml', text: 'b: 2', file: 'job.yml' }] },
    ];
    const text = codeDocument('Title', ['Intro.'], sections);
    assert.match(text, /^# Title\n\nIntro\.\n\n## 1\. One\n\nText\.\n\n### job\.yml\n\n```yaml\na: 1\n```\n\n## 2\. Two\n\n```sh\n/);
    assert.deepEqual(codeFiles(sections), [{ file: 'job.yml', text: 'a: 1\n' }]);
  });

  it('writes a job document: the data, then fm on the backend in use, then what other backends add', () => {
    const job = placeholderJob(model(), 'fineTune', 'question-answering');
    const text = jobCodeDocument(job, { displayName: 'Local', flags: ['--backend', 'local'] }, [{ title: 'Azure ML CLI v2', paragraphs: ['YAML.'], blocks: [] }]);
    assert.match(text, /^# Fine-tune bert-base-uncased for question answering\n/);
    assert.match(text, /## 1\. Your data[\s\S]*`\.\/YOUR-TRAIN-DATA\.jsonl` and `\.\/YOUR-VALIDATION-DATA\.jsonl` are placeholders: replace them[\s\S]*### One line of \.\/YOUR-TRAIN-DATA\.jsonl and \.\/YOUR-VALIDATION-DATA\.jsonl\n\n```json\n\{"question":"<question>","context":"<context>","answers":\{"answer_start":\[0\],"text":\["<answer_text>"\]\}\}\n```/);
    assert.match(text, /## 2\. fm, the Foundation Models command line[\s\S]*```sh\nfm job submit \\\n {2}--backend local \\\n {2}--task question-answering \\\n/);
    assert.match(text, /--map question=question,context=context,answer_text=answers\.text,answer_start=answers\.answer_start/);
    assert.match(text, /## 3\. Azure ML CLI v2\n\nYAML\.\n$/);
  });
});
