import assert from 'node:assert/strict';
import { parseLiteralText } from '../../../../src/backends/azure/pythonLiteral';

describe('values Azure ML writes as text (JSON or a Python literal)', () => {
  it('reads JSON, and Python lists, dicts, tuples, strings with escapes, True/False/None and numbers', () => {
    assert.deepEqual(parseLiteralText('{"inferenceTasks": ["fill-mask"]}'), { inferenceTasks: ['fill-mask'] });
    assert.deepEqual(parseLiteralText("['Standard_DS3_v2', 'Standard_D4a_v4']"), ['Standard_DS3_v2', 'Standard_D4a_v4']);
    assert.deepEqual(parseLiteralText("{'apply_lora': 'true', 'n': 3, 'on': True, 'none': None}"), { apply_lora: 'true', n: 3, on: true, none: null });
    assert.deepEqual(parseLiteralText("('B-PER', \"I-PER\", 'it\\'s')"), ['B-PER', 'I-PER', "it's"]);
    assert.equal(parseLiteralText('True'), true);
    assert.equal(parseLiteralText('-1.5e3'), -1500);
  });

  it('gives undefined for text that is neither', () => {
    assert.equal(parseLiteralText('apache-2.0'), undefined);
    assert.equal(parseLiteralText("['unclosed'"), undefined);
    assert.equal(parseLiteralText("['a'] trailing"), undefined);
  });
});
