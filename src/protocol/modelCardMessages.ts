import * as z from 'zod';
import { CatalogModelSchema } from '../core/catalog/catalogModel';
import { TaskIdSchema } from '../core/tasks/taskIds';
import { defineChannel } from './channel';

export const MODEL_CARD_ACTIONS = ['evaluate', 'fineTune', 'deploy'] as const;

/** A button of the card: enabled or not with the backend's reason, one of them the primary. */
export const CardActionSchema = z.object({
  action: z.enum(MODEL_CARD_ACTIONS),
  enabled: z.boolean(),
  primary: z.boolean(),
  /** Why it is disabled, in the backend's words (shown under the buttons, not only as a tooltip). */
  reason: z.string().optional(),
});
export type CardAction = z.infer<typeof CardActionSchema>;

export const CardFactSchema = z.object({ label: z.string(), value: z.string(), href: z.url({ protocol: /^https$/ }).optional() });

/** Extension → model card webview. */
export const ModelCardToWebviewSchema = z.discriminatedUnion('type', [
  /**
   * `descriptionHtml` is the card's markdown rendered and sanitized by the extension (`renderModelCard`); `facts` and
   * `actions` say what the model is and what the current backend (`backendName`) can do with it.
   */
  z.object({
    type: z.literal('showModel'),
    model: CatalogModelSchema,
    descriptionHtml: z.string(),
    facts: z.array(CardFactSchema),
    actions: z.array(CardActionSchema),
    /** The model's fine-tuning tasks this backend runs: the only ones the card badges. */
    fineTunableHere: z.array(TaskIdSchema),
    backendName: z.string(),
  }),
]);

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
