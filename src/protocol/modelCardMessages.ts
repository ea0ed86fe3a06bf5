import * as z from 'zod';
import { CatalogModelSchema } from '../core/catalog/catalogModel';
import { InferenceInputSchema, InferenceOptionsSchema, InferenceOutputSchema } from '../core/inference/inferenceTypes';
import { TaskIdSchema } from '../core/tasks/taskIds';
import { defineChannel } from './channel';

/**
 * The card's buttons; `download` fetches the model's ONNX export so that it runs here; `showCode` opens the `fm` line
 * and the Azure ML CLI v2 YAML that would evaluate, fine-tune or deploy the model (always offered, never primary).
 */
export const MODEL_CARD_ACTIONS = ['download', 'evaluate', 'fineTune', 'deploy', 'showCode'] as const;

/** A remedy the card offers as a button (the extension maps it to its command, with this card's model). */
export const CARD_REMEDIES = ['signIn', 'chooseWorkspace', 'useLocal', 'downloadModel'] as const;

/**
 * Where the playground runs the model: here (`thisMachine`), on one of the workspace's endpoints that serve it, or nowhere
 * yet, with the reason and the buttons that would make it possible (Download, Use Local Models…).
 */
export const PlaygroundRunnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('thisMachine') }),
  z.object({ kind: z.literal('endpoints'), endpoints: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal('unavailable'), reason: z.string(), remedies: z.array(z.object({ label: z.string(), remedy: z.enum(CARD_REMEDIES) })) }),
]);
export type PlaygroundRunner = z.infer<typeof PlaygroundRunnerSchema>;

/** The playground of a card: the form the task takes, its first input (the model's sample) and where it runs. */
export const PlaygroundSchema = z.object({
  task: TaskIdSchema,
  taskName: z.string(),
  input: z.enum(['text', 'text-pair', 'question']),
  output: z.enum(['labels', 'entities', 'answer', 'tokens', 'text']),
  sample: InferenceInputSchema,
  /** The token a fill-mask model fills in (`[MASK]`, `<mask>`), when the task has one. */
  maskToken: z.string().optional(),
  runner: PlaygroundRunnerSchema,
});
export type Playground = z.infer<typeof PlaygroundSchema>;

/** One run's answer: drawn when it has a shape the playground knows (`output`), else shown as it came (`raw`). */
export const TryResultSchema = z.object({
  output: InferenceOutputSchema.optional(),
  raw: z.string().optional(),
  durationMs: z.number().nonnegative(),
  /** Where it ran: `this machine`, `endpoint sentiment-ep`. */
  where: z.string(),
});
export type TryResult = z.infer<typeof TryResultSchema>;

/** What the card asks the extension, each answered by a reply paired by id. */
export const MODEL_CARD_REQUESTS = {
  /** Runs the model on one input (streamed text comes as `tryToken` with this request's id). */
  try: {
    params: z.object({ input: InferenceInputSchema, options: InferenceOptionsSchema, endpoint: z.string().min(1).optional() }),
    result: TryResultSchema,
  },
};

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
    /** Absent for a model of a task the product does not run (the card then has no playground). */
    playground: PlaygroundSchema.optional(),
  }),
  /** Text a generation wrote so far, for the `try` request `requestId`. */
  z.object({ type: z.literal('tryToken'), requestId: z.number().int().nonnegative(), text: z.string() }),
]);

/** Model card webview → extension. */
export const ModelCardToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('action'), action: z.enum(MODEL_CARD_ACTIONS), modelId: z.string().min(1) }),
  /** A click on a link or a remote image in the card: opened outside VS Code, never inside the webview. */
  z.object({ type: z.literal('openLink'), url: z.url({ protocol: /^(https?|mailto)$/ }) }),
  /** A remedy button of the playground (only those the card offered are run). */
  z.object({ type: z.literal('remedy'), remedy: z.enum(CARD_REMEDIES) }),
  /** Stops the running `try` (a generation stops between tokens). */
  z.object({ type: z.literal('cancelTry') }),
]);

export const modelCardChannel = defineChannel(ModelCardToWebviewSchema, ModelCardToExtensionSchema, MODEL_CARD_REQUESTS);

export type ModelCardToWebview = z.infer<typeof ModelCardToWebviewSchema>;
export type ModelCardToExtension = z.infer<typeof ModelCardToExtensionSchema>;
export type ModelCardAction = (typeof MODEL_CARD_ACTIONS)[number];

/** What the webview persists with `setState`, so a reload can restore the card. */
export const ModelCardStateSchema = z.object({ modelId: z.string().min(1) });
export type ModelCardState = z.infer<typeof ModelCardStateSchema>;
