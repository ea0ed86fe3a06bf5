import * as z from 'zod';

/** The shapes predictions and references take; each task in the task table names the pair it scores. */

/** A class label: a string, or an integer taken as its decimal string (`1` and `"1"` are the same class). */
export const LabelSchema = z.union([z.string(), z.number().int()]).transform((value) => String(value));
/** One tag per token; a tag is never empty (seqeval reads its first character). */
export const TagsSchema = z.array(z.string().min(1, 'a tag is empty'));
export const TextSchema = z.string();
/** One reference text, or several (ROUGE takes the best, BLEU clips n-grams against all). */
export const TextsSchema = z.union([z.string(), z.array(z.string()).min(1, 'at least one reference')]);
/** The acceptable answers of a question: a list (or one answer as a string). */
export const AnswersSchema = z.union([z.string().transform((answer) => [answer]), z.array(z.string()).min(1, 'at least one answer')]);
