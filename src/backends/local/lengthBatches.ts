import type { InferenceInput } from '../../core/inference/inferenceTypes';

/** How long an input is, in characters: a stand-in for its token count that needs no tokenizer. */
function inputLength(input: InferenceInput): number {
  return 'question' in input ? input.question.length + input.context.length : input.text.length + (input.textPair?.length ?? 0);
}

/**
 * The places of `inputs` in batches of at most `batchSize`, shortest inputs first. A batch is padded to its longest
 * input, so batches of like lengths spend little on padding: on the bench's 256 texts of 4 to 90 words in batches of
 * 16, 55% of the tokens the encoder ran were padding in the texts' own order, 8% in this one (`npm run bench`). Inputs
 * of the same length keep their order; the caller puts each output back in its input's place.
 */
export function lengthBatches(inputs: readonly InferenceInput[], batchSize: number): number[][] {
  const lengths = inputs.map(inputLength);
  const order = inputs.map((_, i) => i).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0) || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
