import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { comparisonCsv, comparisonJson, csvText, metricsCsv, metricsJson, predictionsCsv, predictionsJson } from '../../../../src/core/metrics/metricsExport';
import type { ComparedRun } from '../../../../src/core/metrics/compareRuns';
import type { PredictionRow } from '../../../../src/core/metrics/predictions';

/** Reads a CSV document back as a spreadsheet would (papaparse, RFC 4180). */
const readCsv = (text: string): string[][] => Papa.parse<string[]>(text.replace(/\r\n$/, ''), { newline: '\r\n' }).data;

describe('metrics export: CSV and JSON that read back', () => {
  const report = {
    task: 'text-classification',
    count: 3,
    metrics: { accuracy: 2 / 3, f1_score_macro: 0.5 },
    perClass: [{ label: 'pos, "happy"', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 }],
  };

  it('metrics: one row per metric and per class figure, names and values, quoted where needed', () => {
    const text = metricsCsv(report);
    assert.ok(text.endsWith('\r\n') && !text.includes('\n\n'));
    assert.deepEqual(readCsv(text), [
      ['class', 'metric', 'name', 'value'],
      ['', 'accuracy', 'Accuracy', String(2 / 3)],
      ['', 'f1_score_macro', 'F1 (macro)', '0.5'],
      ['pos, "happy"', 'precision', 'Precision', '1'],
      ['pos, "happy"', 'recall', 'Recall', '0.5'],
      ['pos, "happy"', 'f1', 'F1', String(2 / 3)],
      ['pos, "happy"', 'support', 'Support', '2'],
    ]);
    const json = JSON.parse(metricsJson({ id: 'evaluate-1', displayName: 'Evaluate x', task: 'text-classification' }, report)) as Record<string, unknown>;
    assert.deepEqual(json.names, { accuracy: 'Accuracy', f1_score_macro: 'F1 (macro)' });
    assert.deepEqual(json.metrics, report.metrics);
    assert.deepEqual((json.job as { id: string }).id, 'evaluate-1');
  });

  it('predictions: line, input, reference, prediction and right or wrong; a formula-like text is defused', () => {
    const rows: PredictionRow[] = [
      { index: 0, line: 2, input: 'Great,\nreally "great"', prediction: 'positive', reference: 'positive', correct: true },
      { index: 1, line: 3, input: '=HYPERLINK("http://evil")', prediction: 'negative', reference: 'neutral', correct: false },
      { index: 2, prediction: ['B-PER', 'O'], reference: ['B-PER', 'B-LOC'] },
    ];
    assert.deepEqual(readCsv(predictionsCsv(rows)), [
      ['index', 'line', 'input', 'reference', 'prediction', 'correct'],
      ['0', '2', 'Great,\nreally "great"', 'positive', 'positive', 'true'],
      ['1', '3', `'=HYPERLINK("http://evil")`, 'neutral', 'negative', 'false'],
      ['2', '', '', 'B-PER | B-LOC', 'B-PER | O', ''],
    ]);
    assert.deepEqual(JSON.parse(predictionsJson(rows)), JSON.parse(JSON.stringify(rows)), 'JSON keeps the values as they are');
    assert.equal(csvText('-5 stars'), "'-5 stars");
    assert.equal(csvText('fine'), 'fine');
  });

  it('comparison: a column per run and the best run on each row', () => {
    const runs: ComparedRun[] = [
      { id: 'a', displayName: 'Run A', metrics: { accuracy: 0.8, loss: 0.4 } },
      { id: 'b', displayName: 'Run B', metrics: { accuracy: 0.9 } },
    ];
    assert.deepEqual(readCsv(comparisonCsv(runs)), [
      ['metric', 'name', 'Run A (a)', 'Run B (b)', 'best'],
      ['accuracy', 'Accuracy', '0.8', '0.9', 'Run B'],
      ['loss', 'Loss', '0.4', '', ''],
    ]);
    const json = JSON.parse(comparisonJson(runs)) as { runs: unknown[]; rows: { key: string; best: number[] }[] };
    assert.deepEqual(json.runs, [{ id: 'a', displayName: 'Run A' }, { id: 'b', displayName: 'Run B' }]);
    assert.deepEqual(json.rows.map((r) => [r.key, r.best]), [['accuracy', [1]], ['loss', []]]);
  });
});
