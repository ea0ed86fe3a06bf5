import { createHmac, timingSafeEqual } from 'node:crypto';
import { FAKE_TENANT_ID } from './armConventions';

/**
 * Access tokens that carry an audience, as Microsoft Entra ID issues them: a JWT whose `aud` claim names the
 * resource the token is for. The fake signs them with a key of its own (HS256; Entra signs with RS256, which only
 * matters to who verifies), so a test can hand a client a token for any resource (`issue`) and each route accepts
 * only the audiences Azure accepts there (`audienceOf`). Rotation (`rotate`) changes the key: every token issued
 * before is refused from then on, as an expired one would be.
 *
 * Which audience each call takes: test/fixtures/azureml/audiences.json (azure-ai-ml `_azure_environments.py`
 * 01269ffec4, the generated clients' `_configuration.py`, `_job_operations.py`, `_batch_endpoint_operations.py`).
 */

/** The audiences the fake tells apart: Azure Resource Manager, Azure ML's own resource, Azure Storage, anything else. */
export type FakeAudience = 'arm' | 'ml' | 'storage' | 'other';

/** Resources (without trailing slash) whose tokens ARM accepts, besides the fake's own URL (it stands for ARM). */
const ARM_RESOURCES = ['https://management.azure.com', 'https://management.core.windows.net'];
/** The storage resource of `@azure/storage-blob`'s default scope (`StorageOAuthScopes`, audiences.json `storage`). */
const STORAGE_RESOURCES = ['https://storage.azure.com'];

/** `https://ml.azure.com/.default` → `https://ml.azure.com`: the resource a scope or resource id names. */
export function resourceOf(scopeOrResource: string): string {
  return scopeOrResource.trim().replace(/\/\.default$/, '').replace(/\/+$/, '');
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export class FakeTokens {
  private generation = 0;

  /**
   * `armResource`: the fake's own URL, which clients pointed at it use as their ARM resource; `mlResource`: the Azure ML
   * resource of the cloud the fake stands for (`https://ml.azure.com`; `.cn` / `.us` in the sovereign clouds).
   */
  constructor(
    private readonly armResource: string,
    public mlResource: string,
  ) {}

  /** A token for `scopeOrResource` (`…/.default` or a resource id), signed with the current key. */
  issue(scopeOrResource: string): string {
    const aud = resourceOf(scopeOrResource);
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64url({ aud, iss: `https://sts.windows.net/${FAKE_TENANT_ID}/`, tid: FAKE_TENANT_ID, oid: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', gen: this.generation });
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** The token of ARM's audience (what `validToken` hands out). */
  arm(): string {
    return this.issue(this.armResource);
  }

  /** Every token a client of this fake may ask for, by resource: what a stand-in `az account get-access-token` answers. */
  byResource(): Record<string, string> {
    const resources = [this.armResource, ...ARM_RESOURCES, this.mlResource, ...STORAGE_RESOURCES];
    return Object.fromEntries(resources.map((resource) => [resource, this.issue(resource)]));
  }

  /** Refuses every token issued so far. */
  rotate(): void {
    this.generation += 1;
  }

  /** The audience of a token this fake signed with its current key, or `undefined` for anything else (forged, rotated out). */
  audienceOf(token: string): { audience: FakeAudience; aud: string } | undefined {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let aud: unknown;
    try {
      aud = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown }).aud;
    } catch {
      return undefined;
    }
    if (typeof aud !== 'string') return undefined;
    return { audience: this.classify(aud), aud };
  }

  private classify(aud: string): FakeAudience {
    const resource = resourceOf(aud).toLowerCase();
    if (resource === resourceOf(this.armResource).toLowerCase() || ARM_RESOURCES.includes(resource)) return 'arm';
    if (resource === resourceOf(this.mlResource).toLowerCase()) return 'ml';
    if (STORAGE_RESOURCES.includes(resource)) return 'storage';
    return 'other';
  }

  private sign(text: string): string {
    return createHmac('sha256', `fake-azureml-signing-key#${this.generation}`).update(text).digest('base64url');
  }
}

/**
 * ARM's answer to a token of another audience: 401 `InvalidAuthenticationTokenAudience` with these words (as quoted in
 * Azure-Samples/active-directory-dotnetcore-daemon-v2#145 and JetBrains/azure-tools-for-intellij#16).
 */
export function armAudienceMessage(aud: string): string {
  return (
    `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ` +
    "'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'."
  );
}

/**
 * Azure ML's own data plane (batch invocation, `x-azureml-token`) for a token of another audience: the exact words are
 * not in public sources; the fake says which audience it wanted, in the form of ARM's message.
 */
export function mlAudienceMessage(aud: string, mlResource: string): string {
  return `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match the Azure Machine Learning resource '${mlResource}'.`;
}
