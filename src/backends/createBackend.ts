import type { Backend, BackendId } from './backend';
import { createLocalBackend } from './local/localBackend';

/**
 * The one place that turns a backend id into a backend. The Azure backend is imported lazily: the build
 * makes it a separate bundle, so neither its code nor the Azure SDK loads until a user asks for Azure.
 */
export async function createBackend(id: BackendId): Promise<Backend> {
  switch (id) {
    case 'local':
      return createLocalBackend();
    case 'azure': {
      const { createAzureBackend } = await import('./azure/azureBackend');
      return createAzureBackend();
    }
  }
}
