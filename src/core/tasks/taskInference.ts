import { joinWords, tagsFromEntities } from '../inference/entities';
import { outputOfKind, type InferenceOutput } from '../inference/inferenceTypes';
import type { CanonicalRecord, TaskInference } from './taskDefinition';

/**
 * The `inference` entries of the task table, built from a few shapes: a task reads a text role (or a question with
 * its context, or a list of words) and its prediction is read off the output's kind.
 */

function text(record: CanonicalRecord, role: string): string {
  const value = record[role];
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

function words(record: CanonicalRecord, role: string): string[] {
  const value = record[role];
  return Array.isArray(value) ? value.map(String) : [];
}

/** Text in, text out (summarization, translation, generation): the prediction is the text written. */
export function textToText(role: string): TaskInference {
  return {
    input: 'text',
    output: 'text',
    fromRecord: (record) => ({ text: text(record, role) }),
    prediction: (output: InferenceOutput) => outputOfKind(output, 'text').text,
  };
}

/** A text (and an optional second) in, labels out: the prediction is the best label. */
export function classifyText(role: string, pairRole: string): TaskInference {
  return {
    input: 'text-pair',
    output: 'labels',
    fromRecord: (record) => (record[pairRole] === undefined ? { text: text(record, role) } : { text: text(record, role), textPair: text(record, pairRole) }),
    prediction: (output) => outputOfKind(output, 'labels').labels[0]?.label ?? '',
  };
}

/** A list of words in (joined by spaces), entities out: the prediction is one IOB2 tag per word. */
export function tagWords(role: string): TaskInference {
  return {
    input: 'text',
    output: 'entities',
    fromRecord: (record) => ({ text: joinWords(words(record, role)).text }),
    prediction: (output, record) => tagsFromEntities(words(record, role), outputOfKind(output, 'entities').entities),
  };
}

/** A question and its context in, a span out: the prediction is the answer text. */
export function answerQuestion(questionRole: string, contextRole: string): TaskInference {
  return {
    input: 'question',
    output: 'answer',
    fromRecord: (record) => ({ question: text(record, questionRole), context: text(record, contextRole) }),
    prediction: (output) => outputOfKind(output, 'answer').answer,
  };
}

/** A text with a mask in, tokens out: the prediction is the best token, without the space a tokenizer may put before it. */
export function unmask(role: string): TaskInference {
  return {
    input: 'text',
    output: 'tokens',
    fromRecord: (record) => ({ text: text(record, role) }),
    prediction: (output) => (outputOfKind(output, 'tokens').tokens[0]?.token ?? '').trim(),
  };
}
