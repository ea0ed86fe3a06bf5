/**
 * A few questions asked one after another (Deploy Model…), after vscode-azuretools' wizard prompt steps: a step
 * that has nothing to ask for this backend or this answer says so in `shouldPrompt` and is not counted, so the
 * titles read `(1/3)`, `(2/3)`, `(3/3)` whatever is skipped.
 */
export interface WizardStep<S> {
  /** What the step asks, in the title: `Deploy Model (2/4): <what>`. */
  readonly what: string;
  /** Whether the step has a question, given the answers so far. */
  shouldPrompt(state: S): boolean;
  /** Asks, writing the answer into `state`; false when the user dismissed the question. */
  prompt(state: S, title: string): Promise<boolean>;
}

/** Runs the steps in order; resolves false as soon as one is dismissed. */
export async function runWizard<S>(name: string, steps: readonly WizardStep<S>[], state: S): Promise<boolean> {
  let asked = 0;
  for (const [index, step] of steps.entries()) {
    if (!step.shouldPrompt(state)) continue;
    asked++;
    // Steps still ahead count if they would ask given what is known now.
    const total = asked + steps.slice(index + 1).filter((later) => later.shouldPrompt(state)).length;
    if (!(await step.prompt(state, `${name} (${asked}/${total}): ${step.what}`))) return false;
  }
  return true;
}
