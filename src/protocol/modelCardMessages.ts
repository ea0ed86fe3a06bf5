import * as z from 'zod';
import { CatalogModelSchema } from '../core/catalog/catalogModel';
import { defineChannel } from './channel';

/** Extension → model card webview. */
export const ModelCardToWebviewSchema = z.discriminatedUnion('type', [
  /** `descriptionHtml` is the card's markdown rendered and sanitized by the extension (`renderModelCard`). */
  z.object({ type: z.literal('showModel'), model: CatalogModelSchema, descriptionHtml: z.string() }),
]);

export const MODEL_CARD_ACTIONS = ['evaluate', 'fineTune', 'deploy'] as const;

/** Model card webview → extension. */
export const ModelCardToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('action'), action: z.enum(MODEL_CARD_ACTIONS), modelId: z.string().min(1) }),
  /** A click on a link or a remote image in the card: opened outside VS Code, never inside the webview. */
  z.object({ type: z.literal('openLink'), url: z.url({ protocol: /^(https?|mailto)$/ }) }),
]);

export const modelCardChannel = defineChannel(ModelCardToWebviewSchema, ModelCardToExtensionSchema);

export type ModelCardToWebview = z.infer<typeof ModelCardToWebviewSchema>;
export type ModelCardToExtension = z.infer<typeof ModelCardToExtensionSchema>;
export type ModelCardAction = (typeof MODEL_CARD_ACTIONS)[number];

/** What the webview persists with `setState`, so a reload can restore the card. */
export const ModelCardStateSchema = z.object({ modelId: z.string().min(1) });
export type ModelCardState = z.infer<typeof ModelCardStateSchema>;
