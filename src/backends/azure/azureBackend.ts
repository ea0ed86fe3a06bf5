import { BackendUnavailableError, type Backend } from '../backend';

/**
 * The Azure Machine Learning backend. It is built as its own bundle (`dist/azureBackend.js`) and loaded only
 * when the user picks Azure, so that the Azure SDK never weighs on activation.
 *
 * Sign-in and the registries arrive with the catalog work; until then every call says so plainly.
 */
export function createAzureBackend(): Backend {
  const unavailable = (): never => {
    throw new BackendUnavailableError(
      'The Azure Machine Learning backend is not available in this version yet. Use the local backend meanwhile.',
    );
  };
  return {
    id: 'azure',
    displayName: 'Azure ML',
    catalog: {
      list: async () => unavailable(),
      get: async () => unavailable(),
      refresh: () => undefined,
    },
    dispose: () => undefined,
  };
}
