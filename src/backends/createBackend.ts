import type { Backend, BackendId, BackendOptions } from './backend';

/**
 * The one place that turns a backend id into a backend. Both backends are imported lazily: the build makes each
 * a bundle of its own, so neither the catalog code nor the Azure SDK loads until something asks for a backend.
 */
export async function createBackend(id: BackendId, options: BackendOptions = {}): Promise<Backend> {
  switch (id) {
    case 'local': {
      const { createLocalBackend } = await import('./local/localBackend');
      return createLocalBackend(options);
    }
    case 'azure': {
      const { createAzureBackend } = await import('./azure/azureBackend');
      return createAzureBackend(options);
    }
  }
}
