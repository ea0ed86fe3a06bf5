import assert from 'node:assert/strict';
import { endpointNameProblem, endpointStateFromAzure, suggestedEndpointName } from '../../../src/core/endpoints/endpointModel';
import { findJsonSyntaxError } from '../../../src/core/jsonSyntax';

describe('endpoints: names, states, sample requests', () => {
  it('accepts endpoint names as Azure ML requires them and says which rule a name breaks', () => {
    for (const name of ['abc', 'sentiment-local', 'A1-b2-C3', 'x'.repeat(32)]) assert.equal(endpointNameProblem(name), undefined, name);
    const cases: Array<[string, RegExp]> = [
      ['ab', /3 to 32 characters; "ab" has 2/],
      ['x'.repeat(33), /has 33/],
      ['9lives', /starts with a letter/],
      ['my_endpoint', /"_" at position 3 is not allowed/],
      ['my endpoint', /" " at position 3/],
      ['trailing-', /does not end with a hyphen/],
    ];
    for (const [name, message] of cases) assert.match(endpointNameProblem(name) ?? 'accepted', message, name);
  });

  it('suggests a valid endpoint name for any model name', () => {
    for (const model of ['tiny-sentiment', 'Helsinki-NLP/opus-mt-en-de', '123-model', 'bert_base.uncased', 'x'.repeat(80), '---']) {
      const name = suggestedEndpointName(model);
      assert.equal(endpointNameProblem(name), undefined, `${model} → ${name}`);
    }
    assert.equal(suggestedEndpointName('tiny-sentiment'), 'tiny-sentiment-ep');
  });

  it('maps Azure provisioning states to the views’ words', () => {
    assert.deepEqual(['Creating', 'Updating', 'Scaling', 'Succeeded', 'Failed', 'Deleting', 'Canceled', undefined].map(endpointStateFromAzure), ['creating', 'updating', 'updating', 'ready', 'failed', 'deleting', 'canceled', 'creating']);
  });

  it('finds where JSON goes wrong: line, column and what was expected', () => {
    assert.equal(findJsonSyntaxError('{"inputs": ["a"]}'), undefined);
    assert.deepEqual(findJsonSyntaxError('{\n  "inputs": ["a",]\n}'), { line: 2, column: 18, position: 19, expected: 'a value (a string, number, object, array, true, false or null)', found: '"]"' });
    assert.deepEqual(findJsonSyntaxError('{"a": 1'), { line: 1, column: 8, position: 7, expected: '"," or "}"', found: 'the end of the text' });
    assert.equal(findJsonSyntaxError('{"a": 1} // note')?.expected, 'no comment (JSON has none)');
  });
});
