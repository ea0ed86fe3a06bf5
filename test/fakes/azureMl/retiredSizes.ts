/**
 * Retired VM sizes: the NCv3 series (`Standard_NC6s_v3`, `NC12s_v3`, `NC24s_v3`, `NC24rs_v3`), retired by Azure
 * (learn.microsoft.com virtual-machines/ncv3-retirement and ncv3-nc24rs-retirement; Azure/AKS#4949 for NC24rs_v3,
 * 2025-03-31); Azure/azureml-examples 334bb09dcb ("NCv3 VM retirement update", PR #3696, 2025-10-30) moved every
 * foundation-model sample to `STANDARD_NC4AS_T4_V3`. The `import_model` component still defaults `instance_type` to
 * `STANDARD_NC6s_v3` for serverless runs (audit F6).
 *
 * How the service words the refusal of a retired size is not in public sources: the fake answers 400 with this
 * message (code `BadArgument` for deployments, a `RetiredVmSize` detail of `UserError` for pipeline jobs).
 */
const NCV3 = /^standard_nc(6|12|24|24r)s_v3$/i;

export function isRetiredVmSize(size: string): boolean {
  return NCV3.test(size.trim());
}

export function retiredSizeMessage(size: string): string {
  return `The VM size '${size}' is retired (NCv3 series) and can no longer be allocated. Choose a current size, e.g. Standard_NC4as_T4_v3 for a GPU.`;
}
