import { RestError } from '@azure/core-rest-pipeline';
import { azureFailure, describeAzureError, withoutSecrets } from '../azureErrors';
import type { Plan } from './resumeToken';

/**
 * Errors of deploying and deleting endpoints, in words a user can act on: the service's error codes mapped to
 * what to do (`DEPLOY_ERROR_ADVICE`, each entry with where its codes are documented), and the error a caller gets
 * when it stops waiting while Azure goes on.
 */

/** A deployment step that Azure refused or that ended `Failed`, explained. `code` is the service's. */
export class AzureDeployError extends Error {
  override readonly name = 'AzureDeployError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The caller stopped waiting; `message` says what Azure goes on doing. Named `AbortError` so cancellation is recognised. */
export class OperationStoppedError extends Error {
  override readonly name = 'AbortError';
}

/** An operation that ended `Failed` or `Canceled`, with the service's error. */
export class OperationFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface FailureContext {
  readonly plan: Plan | undefined;
  readonly status: number | undefined;
  readonly code: string;
  readonly message: string;
}

interface ErrorAdvice {
  /** The codes this entry explains; `matches` may also recognise the message. */
  readonly codes: readonly string[];
  /** Where the codes are documented. */
  readonly source: string;
  matches(failure: FailureContext): boolean;
  advice(failure: FailureContext): string;
}

const sizeAndPlace = (plan: Plan | undefined): string =>
  plan ? `${plan.kind === 'online' ? `${plan.instanceType ?? 'the instance type'} × ${plan.instanceCount}` : 'the cluster'} in ${plan.location}` : 'this size';

/**
 * Service errors of deployments mapped to what to do. First match wins; anything else falls back to the service's
 * own message (and `describeAzureError` for sign-in and permission problems).
 */
export const DEPLOY_ERROR_ADVICE: readonly ErrorAdvice[] = [
  {
    codes: ['OutOfQuota', 'QuotaExceeded', 'ResourceQuotaExceeded'],
    source:
      'OutOfQuota: MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-troubleshoot-online-endpoints.md (112100ce80, "ERROR: OutOfQuota"); ' +
      'QuotaExceeded, ResourceQuotaExceeded: learn.microsoft.com azure-resource-manager/troubleshooting/error-resource-quota',
    matches: (f) => ['outofquota', 'quotaexceeded', 'resourcequotaexceeded'].includes(f.code.toLowerCase()) || /\bquota\b/i.test(f.message),
    advice: (f) =>
      `Not enough quota for ${sizeAndPlace(f.plan)}. Request more quota for this VM family (Azure portal → Azure Machine Learning → Quota), ` +
      'delete endpoints you no longer use, or pick a smaller instance type or fewer instances.',
  },
  {
    codes: ['SkuNotAvailable', 'InstanceTypeNotSupported', 'NotSupportedSku', 'OutOfCapacity'],
    source:
      'SkuNotAvailable: learn.microsoft.com azure-resource-manager/troubleshooting/error-sku-not-available; region-wide VM capacity: ' +
      'how-to-troubleshoot-online-endpoints.md ("Region-wide VM capacity"); InstanceTypeNotSupported, NotSupportedSku, OutOfCapacity: ' +
      'names seen for instance types a model or region refuses (not confirmed in public source); a retired size (NCv3, ' +
      'learn.microsoft.com virtual-machines/ncv3-retirement) in whatever words the service uses',
    matches: (f) =>
      ['skunotavailable', 'instancetypenotsupported', 'notsupportedsku', 'outofcapacity'].includes(f.code.toLowerCase()) ||
      /(instance type|instance_type|sku|vm size|requested size)\b[^.]*\b(not (supported|available|allowed)|unavailable|disallowed|retired)/i.test(f.message) ||
      /\bcapacity\b[^.]*\b(region|available)/i.test(f.message),
    advice: (f) =>
      `${f.plan?.instanceType ?? 'This instance type'} cannot be used ${f.plan ? `in ${f.plan.location}` : 'here'} for this model. ` +
      'Pick another instance type (Deploy Model… lists the ones the model allows), or use a workspace in another region.',
  },
  {
    codes: ['Conflict', 'EndpointAlreadyExists', 'ResourceExists'],
    source:
      'Conflict (409): ARM common error for a resource in the way; online endpoint names are unique per region ' +
      '(MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-deploy-with-rest.md, "Set endpoint name"); the other two: [U]',
    matches: (f) =>
      ['endpointalreadyexists', 'resourceexists'].includes(f.code.toLowerCase()) ||
      ((f.status === 409 || f.code.toLowerCase() === 'conflict') && /already exists|not unique|already (in use|taken)|is taken/i.test(f.message)),
    advice: (f) => `The name "${f.plan?.endpoint ?? 'chosen'}" is already taken (endpoint names are unique in each Azure region). Pick another endpoint name.`,
  },
  {
    codes: ['ResourceNotFound', 'NotFound'],
    source: 'ResourceNotFound: how-to-troubleshoot-online-endpoints.md ("ERROR: ResourceNotFound", "Unable to download user model")',
    matches: (f) => /model/i.test(f.message) && (['resourcenotfound', 'notfound'].includes(f.code.toLowerCase()) || /not (be )?found|does not exist/i.test(f.message)),
    advice: (f) =>
      `Azure cannot find the model${f.plan ? ` ${f.plan.model}` : ''}. Refresh the catalog and pick the model again; a workspace model must be registered in this workspace.`,
  },
  {
    codes: ['ImageBuildFailure'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: ImageBuildFailure")',
    matches: (f) => f.code.toLowerCase() === 'imagebuildfailure',
    advice: () => "Azure could not build the model's container image. Read the build log the error names, then deploy again.",
  },
  {
    codes: ['ResourceNotReady'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: ResourceNotReady")',
    matches: (f) => f.code.toLowerCase() === 'resourcenotready',
    advice: () => "The model's container did not start. Read the deployment logs (InferenceServer), or pick an instance type with more memory.",
  },
  {
    codes: ['OperationCanceled'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: OperationCanceled")',
    matches: (f) => f.code.toLowerCase() === 'operationcanceled',
    advice: () => 'Azure canceled the operation because another operation on the same endpoint took precedence. Wait a minute and deploy again.',
  },
  {
    codes: ['AuthorizationFailed'],
    source: 'ARM common error (403)',
    matches: (f) => f.status === 403 || f.code.toLowerCase() === 'authorizationfailed',
    advice: () => 'Your account may not create endpoints in this workspace. Ask for the "AzureML Data Scientist" role (or Contributor) on it.',
  },
];

export function explainFailure(error: unknown, what: string, plan: Plan | undefined): Error {
  if (error instanceof OperationStoppedError || error instanceof AzureDeployError) return error;
  let code = '';
  let message = '';
  let status: number | undefined;
  if (error instanceof OperationFailure) {
    ({ code, message } = error);
  } else if (error instanceof RestError) {
    code = error.code ?? '';
    message = error.message;
    status = error.statusCode;
  } else {
    return azureFailure(error, what);
  }
  const failure: FailureContext = { plan, status, code, message };
  const entry = DEPLOY_ERROR_ADVICE.find((candidate) => candidate.matches(failure));
  if (!entry) {
    if (error instanceof RestError && (status === 401 || status === 404 || status === 429)) return new AzureDeployError(describeAzureError(error, what), code || undefined, { cause: withoutSecrets(error) });
    return new AzureDeployError(`${what} failed${code ? ` (${code})` : ''}: ${message || 'no reason given'}`, code || undefined, { cause: withoutSecrets(error) });
  }
  const said = message ? ` Azure said: ${code ? `${code}: ` : ''}${message}` : code ? ` (${code})` : '';
  return new AzureDeployError(`${what} failed. ${entry.advice(failure)}${said}`, code || undefined, { cause: withoutSecrets(error) });
}

