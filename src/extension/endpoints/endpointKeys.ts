import type * as vscode from 'vscode';
import type { Backend, InvokeResult } from '../../backends/backend';

/**
 * Sends requests to an online endpoint with its key: read from the backend when first needed and kept only in VS Code's
 * secret storage, read again once when the endpoint answers 401 (the key may have been regenerated). Test Endpoint
 * and the model card's playground send through it.
 */
export class EndpointKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async invoke(backend: Backend, name: string, body: unknown, signal: AbortSignal): Promise<InvokeResult> {
    const endpoints = backend.endpoints;
    if (!endpoints) throw new Error(`The ${backend.displayName} backend has no endpoints to send requests to.`);
    let key = await this.key(backend, name, signal, false);
    let answer = await endpoints.invoke(name, body, { signal, key });
    if (answer.status === 401 && key) {
      key = await this.key(backend, name, signal, true);
      answer = await endpoints.invoke(name, body, { signal, key });
    }
    return answer;
  }

  /** Forgets an endpoint's key (it was deleted). */
  async forget(backend: string, endpoint: string): Promise<void> {
    await this.secrets.delete(secretName(backend, endpoint));
  }

  /** The endpoint's key from secret storage, or read from the backend (and stored) when missing or `renew`. */
  private async key(backend: Backend, endpoint: string, signal: AbortSignal, renew: boolean): Promise<string | undefined> {
    const name = secretName(backend.id, endpoint);
    if (!renew) {
      const stored = await this.secrets.get(name);
      if (stored) return stored;
    }
    const key = await backend.endpoints?.primaryKey(endpoint, signal);
    if (key) await this.secrets.store(name, key);
    else await this.secrets.delete(name);
    return key;
  }
}

function secretName(backend: string, endpoint: string): string {
  return `foundationModels.endpointKey.${backend}.${endpoint}`;
}
