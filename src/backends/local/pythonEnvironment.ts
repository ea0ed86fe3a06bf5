import { execFile } from 'node:child_process';
import * as z from 'zod';
import { ENVIRONMENT_PROBE } from './trainerScript';

const ProbeSchema = z.object({ python: z.string(), modules: z.record(z.string(), z.boolean()) });

/** The Python a fine-tuning run cannot start with, and what to do about it (the command that installs what it lacks). */
export class TrainingEnvironmentError extends Error {
  override readonly name = 'TrainingEnvironmentError';
  constructor(
    message: string,
    /** `python3 -m pip install torch …`, where installing would help. */
    readonly installCommand?: string | undefined,
  ) {
    super(message);
  }
}

const PACKAGES = 'torch transformers datasets accelerate';

/**
 * Checks, before a fine-tuning job starts, that `python` runs and can import torch, transformers, datasets and
 * accelerate; otherwise says exactly what is missing and how to install it. Nothing is installed for the user.
 */
export async function checkTrainingEnvironment(python: string, signal?: AbortSignal): Promise<{ python: string }> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(python, ['-c', ENVIRONMENT_PROBE], { timeout: 30_000, signal }, (error, stdout) => {
      if (error) {
        const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new TrainingEnvironmentError(
            notFound
              ? `Fine-tuning on this machine runs Python, but "${python}" was not found. Install Python 3 with ${PACKAGES}, or set foundationModels.pythonPath to a Python that has them.`
              : `"${python}" could not run the environment check: ${error.message.split('\n')[0]}`,
          ),
        );
      } else resolve(stdout);
    });
  });
  const parsed = ProbeSchema.safeParse(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'));
  if (!parsed.success) throw new TrainingEnvironmentError(`"${python}" answered the environment check with something unexpected.`);
  const missing = Object.entries(parsed.data.modules).filter(([, present]) => !present).map(([name]) => name);
  if (missing.length > 0) {
    const install = `${python} -m pip install ${missing.join(' ')}`;
    throw new TrainingEnvironmentError(
      `Fine-tuning on this machine needs the Python packages ${PACKAGES}; ${python} (Python ${parsed.data.python}) lacks ${missing.join(', ')}. ` +
        `Install them with: ${install}. Or choose a Python that has them (foundationModels.pythonPath). A GPU helps but is not required.`,
      install,
    );
  }
  return { python: parsed.data.python };
}
