import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';

/** Text whose colour stands too close to the colour behind it. */
export interface LowContrast {
  readonly text: string;
  readonly element: string;
  readonly color: string;
  readonly background: string;
  readonly ratio: number;
  /** How many texts of this element kind share these colours (`text` is the first). */
  readonly count: number;
}

/**
 * Every visible piece of text in the frame (light DOM and the open shadow roots of its components) whose contrast
 * with what is behind it falls under `minimum`: WCAG 2.2's relative-luminance ratio (1.4.3 asks 4.5 for body text,
 * 3 for large text; VS Code's own themes keep their foregrounds above 4.5). The background is the first opaque one
 * up the tree, with translucent layers blended onto it; text over an image or a gradient is not judged.
 */
export async function lowContrastText(frame: Frame, minimum = 4.5): Promise<LowContrast[]> {
  const script = readFileSync(path.join(__dirname, 'contrastInPage.js'), 'utf8');
  return frame.evaluate(`(${script.replace(/^\/\/.*\n/gm, '').trim().replace(/;$/, '')})(${JSON.stringify(minimum)})`) as Promise<LowContrast[]>;
}
