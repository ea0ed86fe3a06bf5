import assert from 'node:assert/strict';
import { displayNameFromCard } from '../../../src/core/catalog/displayName';

describe('display names from model cards', () => {
  it('takes the first level-one heading as plain text', () => {
    assert.equal(displayNameFromCard('# DistilBERT fine-tuned on SST-2\n\nA classifier.'), 'DistilBERT fine-tuned on SST-2');
    assert.equal(displayNameFromCard('Some intro\n\n## Usage\n\n# **OPUS-MT** [English → German](https://x) `v1`\n'), 'OPUS-MT English → German v1');
    assert.equal(displayNameFromCard('# go_emotions model_v2 ##'), 'go_emotions model_v2', 'underscores inside names stay');
  });

  it('has none for a card without one, an empty heading, or only markup; and keeps it short', () => {
    assert.equal(displayNameFromCard('## Only a second-level heading'), undefined);
    assert.equal(displayNameFromCard('#hashtag is not a heading'), undefined);
    assert.equal(displayNameFromCard('# <img src="x">'), undefined);
    const long = displayNameFromCard(`# ${'x'.repeat(200)}`);
    assert.equal(long?.length, 80);
    assert.ok(long?.endsWith('…'));
  });
});
