import { huggingFaceHubCache } from '../huggingFaceCache';

/**
 * The Hub settings a user already has for Python's huggingface_hub, read from the environment the same way
 * (`constants.py`): `HF_ENDPOINT` (another Hub host or a mirror; default https://huggingface.co), `HF_TOKEN`,
 * `HF_HUB_OFFLINE` (true for 1, ON, YES, TRUE in any case) and the cache (`HF_HUB_CACHE`, else `HF_HOME/hub`,
 * else `~/.cache/huggingface/hub`), so a model fetched by either is found by the other.
 */
export interface HubSettings {
  /** No trailing slash, e.g. `https://huggingface.co`. */
  readonly endpoint: string;
  /** Sent as `Authorization: Bearer …` to the endpoint only (never to a CDN it redirects to). */
  readonly token: string | undefined;
  /** No request at all: only what is in the cache. */
  readonly offline: boolean;
  readonly cacheDir: string;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubSettingsOverrides {
  /** A token the caller holds (the editor keeps one in SecretStorage); wins over `HF_TOKEN`. */
  readonly token?: string | undefined;
  /** A cache folder instead of the environment's. */
  readonly cacheDir?: string | undefined;
}

function isTrue(value: string | undefined): boolean {
  return ['1', 'ON', 'YES', 'TRUE'].includes((value ?? '').trim().toUpperCase());
}

export function hubSettings(overrides: HubSettingsOverrides = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const endpoint = (env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const token = overrides.token?.trim() || env.HF_TOKEN?.trim() || undefined;
  return { endpoint, token, offline: isTrue(env.HF_HUB_OFFLINE), cacheDir: overrides.cacheDir ?? huggingFaceHubCache(env) };
}
