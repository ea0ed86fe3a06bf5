import type { BackendCode } from '../registry';

/**
 * The local backend in Show Code: `fm` is its tool, so it only says how `fm` chooses it as the editor has it
 * configured (the Python that runs fine-tuning, from `foundationModels.pythonPath`).
 */
export const LOCAL_CODE: BackendCode = {
  fmFlags: (options) => ['--backend', 'local', ...(options.pythonPath ? ['--python', options.pythonPath] : [])],
};
