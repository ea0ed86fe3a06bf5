import * as vscode from 'vscode';

/**
 * A few questions asked one after another (Deploy Model…), after vscode-azuretools' wizard prompt steps: a step
 * that has nothing to ask for this backend or this answer says so in `shouldPrompt` and is not counted, so the
 * titles read `(1/3)`, `(2/3)`, `(3/3)` whatever is skipped; every question after the first has a Back button.
 */

/** What a prompt gives back when the user pressed Back. */
export const BACK = Symbol('back');

/** The two kinds of question a step asks, with Back where there is a step to go back to. */
export interface WizardUi {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string; placeHolder?: string; matchOnDescription?: boolean; matchOnDetail?: boolean }): Promise<T | undefined | typeof BACK>;
  input(options: { title: string; prompt?: string; value?: string; validateInput?: (text: string) => string | undefined }): Promise<string | undefined | typeof BACK>;
}

export interface WizardStep<S> {
  /** What the step asks, in the title: `Deploy Model (2/4): <what>`. */
  readonly what: string;
  /** Whether the step has a question, given the answers so far. */
  shouldPrompt(state: S): boolean;
  /** Asks, writing the answer into `state`: false when dismissed, BACK to return to the previous question. */
  prompt(state: S, title: string, ui: WizardUi): Promise<boolean | typeof BACK>;
}

/** Runs the steps in order, Back stepping to the previous question asked; resolves false as soon as one is dismissed. */
export async function runWizard<S>(name: string, steps: readonly WizardStep<S>[], state: S): Promise<boolean> {
  const asked: number[] = [];
  let index = 0;
  while (index < steps.length) {
    const step = steps[index] as WizardStep<S>;
    if (!step.shouldPrompt(state)) {
      index++;
      continue;
    }
    // Steps still ahead count if they would ask given what is known now.
    const number = asked.length + 1;
    const total = number + steps.slice(index + 1).filter((later) => later.shouldPrompt(state)).length;
    const answer = await step.prompt(state, `${name} (${number}/${total}): ${step.what}`, quickInputUi(asked.length > 0));
    if (answer === BACK) {
      index = asked.pop() ?? 0;
      continue;
    }
    if (!answer) return false;
    asked.push(index);
    index++;
  }
  return true;
}

/** Quick picks and input boxes that resolve BACK when their Back button is pressed. */
function quickInputUi(canGoBack: boolean): WizardUi {
  const buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
  return {
    pick: (items, options) =>
      new Promise((resolve) => {
        const pick = vscode.window.createQuickPick<(typeof items)[number]>();
        Object.assign(pick, { title: options.title, placeholder: options.placeHolder, matchOnDescription: options.matchOnDescription ?? false, matchOnDetail: options.matchOnDetail ?? false, buttons });
        pick.items = items;
        const preselected = items.filter((item) => item.picked);
        if (preselected.length > 0) pick.activeItems = preselected;
        const accept = answerOnce(pick, resolve);
        pick.onDidAccept(() => accept(pick.selectedItems[0]));
        pick.show();
      }),
    input: (options) =>
      new Promise((resolve) => {
        const box = vscode.window.createInputBox();
        Object.assign(box, { title: options.title, prompt: options.prompt, value: options.value ?? '', buttons });
        box.onDidChangeValue((text) => (box.validationMessage = options.validateInput?.(text)));
        box.validationMessage = options.validateInput?.(box.value);
        const accept = answerOnce(box, resolve);
        box.onDidAccept(() => {
          if (!options.validateInput?.(box.value)) accept(box.value);
        });
        box.show();
      }),
  };
}

/**
 * Resolves a question once: with what `accept` is given, BACK on the Back button, undefined when it is hidden
 * (Escape); the input is disposed then.
 */
function answerOnce<R>(input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, resolve: (value: R | undefined | typeof BACK) => void): (value: R | undefined) => void {
  let done = false;
  const answer = (value: R | undefined | typeof BACK) => {
    if (done) return;
    done = true;
    resolve(value);
    input.dispose();
  };
  input.onDidTriggerButton((button) => {
    if (button === vscode.QuickInputButtons.Back) answer(BACK);
  });
  input.onDidHide(() => answer(undefined));
  return answer;
}
