import type * as z from 'zod';
import type { ProblemRule } from '../datasets/problemRules';
import type { InferenceInput, InferenceInputKind, InferenceOutput, InferenceOutputKind } from '../inference/inferenceTypes';
import type { TrainingSettings } from '../trainingSettings';
import type { TaskId } from './taskIds';

export type RoleKind = 'string' | 'label' | 'string-list' | 'integer';

/** One canonical column of a task's data (`sentence`, `label`, `tokens`…), which the user maps a column onto. */
export interface RoleSpec {
  readonly name: string;
  readonly kind: RoleKind;
  readonly required: boolean;
  readonly description: string;
  /** Running text (a review, a passage), never a bare number: a number there means a wrongly mapped column. */
  readonly prose?: boolean;
  /** Column names people use for this role, most telling first (auto-mapping reads them). */
  readonly synonyms: readonly string[];
}

/** A value of a role in a canonical record. */
export type RoleValue = string | number | string[];
export type CanonicalRecord = Readonly<Record<string, RoleValue>>;

/** A problem with one role of a record, in words that follow `FILE:LINE: role:`, and the rule it breaks. */
export interface RuleProblem {
  readonly role: string;
  readonly message: string;
  /** One of `PROBLEM_RULES` (src/core/datasets/problemRules.ts), for grouping. */
  readonly rule?: ProblemRule | undefined;
}

/** The metric engines of `src/core/metrics`; a task picks the one that scores it. */
export type MetricFamily = 'classification' | 'sequence-labelling' | 'extractive-qa' | 'rouge' | 'bleu' | 'rouge-and-bleu' | 'exact-match';

/**
 * A model architecture family. A model can be fine-tuned for the fine-tunable tasks of its inference task's family:
 * an encoder takes any encoder head, an encoder-decoder summarization and translation.
 */
export type ModelFamily = 'encoder' | 'encoder-decoder' | 'decoder';

/** What a job tells a task's Azure inputs: which optional roles the user mapped, and a translation's languages. */
export interface ComponentContext {
  readonly mappedRoles: ReadonlySet<string>;
  readonly languages?: { readonly source: string; readonly target: string } | undefined;
}

/** The sample input a model card and a test request start from: text, or a question with its context. */
export type TaskSample = { readonly text: string } | { readonly question: string; readonly context: string };

/**
 * Everything about one task, in one place: its data (roles and their rules), how it is scored, trained, run on this
 * machine and on Azure ML, and what a first request to a model of it looks like. See `docs/architecture.md`.
 */
export interface TaskDefinition {
  readonly id: TaskId;
  readonly displayName: string;
  readonly family: ModelFamily;
  /** Whether a model can be fine-tuned for this task; fill-mask and text generation are evaluate-only. */
  readonly fineTunable: boolean;
  readonly roles: readonly RoleSpec[];
  /** Rules that involve several roles of one record, run after each role's own value checked out. */
  readonly recordRules?: (record: CanonicalRecord) => RuleProblem[];
  /** Translation: the data's two columns are languages, whose codes a job needs. */
  readonly languagePair?: boolean;
  /** The advanced settings a fine-tune starts from (close to the Azure ML foundation-model samples). */
  readonly training: TrainingSettings;
  /** What a model reads (in this order) and what its output is scored against. */
  readonly inputRoles: readonly string[];
  /** The role holding the reference; an optional one (fill-mask's answer, generation's ground truth) may be left unmapped, and the job then has no metrics. */
  readonly referenceRole?: string;
  readonly metrics: {
    readonly family: MetricFamily;
    readonly prediction: z.ZodType;
    readonly reference: z.ZodType;
    /** How one prediction and one reference look, for usage texts. */
    readonly predictionShape: string;
    readonly referenceShape: string;
  };
  /** The transformers.js pipeline that runs a model of this task on this machine. */
  readonly localPipeline: LocalPipeline;
  /** What one run of a model of this task reads and answers, and how a record of its data becomes one and back. */
  readonly inference: TaskInference;
  readonly azure: {
    /**
     * How the `azureml` registry's evaluation components (`model_prediction` → `compute_metrics`) run this task: their
     * `task` enum value (it must be named: both default to `tabular-classification`), the `evaluation_config_params`
     * model_prediction reads for it (a JSON object), and whether model_prediction writes `prediction_probabilities`
     * (classification only) for compute_metrics.
     */
    readonly evaluation: {
      readonly task: string;
      readonly configParams?: (context: ComponentContext) => Readonly<Record<string, unknown>>;
      readonly probabilities?: boolean;
    };
    /** The `azureml` registry's fine-tune pipeline component and its task-specific inputs. */
    readonly finetune?: {
      readonly component: string;
      readonly inputs: (context: ComponentContext) => Readonly<Record<string, string>>;
      /** A canonical record in the shape the component reads, where it nests or renames columns. */
      readonly shapeRecord?: (record: Readonly<Record<string, unknown>>, context: ComponentContext) => Record<string, unknown>;
    };
  };
  readonly sample: TaskSample;
  /** The names sources use for this task (pipeline tags, registry tags, MLmodel flavors), besides its id. */
  readonly sourceNames: readonly string[];
  /** Model class names (`config.json` → `architectures`) of this task: exact names, or `*Suffix` for a suffix. */
  readonly architectures: readonly string[];
}

/** The transformers.js pipelines of the tasks (`pipeline(name, folder)`). */
export type LocalPipeline = 'text-classification' | 'token-classification' | 'question-answering' | 'summarization' | 'translation' | 'fill-mask' | 'text-generation';

/**
 * A task's model run once (`src/core/inference/inferenceTypes.ts`): the input it reads, the output it answers, and
 * how evaluation goes between those and the task's data and metrics.
 */
export interface TaskInference {
  readonly input: InferenceInputKind;
  readonly output: InferenceOutputKind;
  /** A canonical record of the task's data as the model's input. */
  readonly fromRecord: (record: CanonicalRecord) => InferenceInput;
  /**
   * The output as one prediction in the shape the task's metric family scores (`metrics.prediction`); the record
   * says what the output alone does not (the words a tag goes with).
   */
  readonly prediction: (output: InferenceOutput, record: CanonicalRecord) => unknown;
}

const role = (name: string, kind: RoleKind, description: string, synonyms: readonly string[], required = true): RoleSpec => ({ name, kind, required, description, synonyms });

/** Role builders for the task definitions. */
export const roles = {
  text: (name: string, description: string, synonyms: readonly string[], required = true): RoleSpec => role(name, 'string', description, synonyms, required),
  prose: (name: string, description: string, synonyms: readonly string[], required = true): RoleSpec => ({ ...role(name, 'string', description, synonyms, required), prose: true }),
  label: (name: string, description: string, synonyms: readonly string[]): RoleSpec => role(name, 'label', description, synonyms),
  list: (name: string, description: string, synonyms: readonly string[]): RoleSpec => role(name, 'string-list', description, synonyms),
  integer: (name: string, description: string, synonyms: readonly string[]): RoleSpec => role(name, 'integer', description, synonyms),
};
