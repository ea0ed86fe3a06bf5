/**
 * VM sizes Azure has retired but model metadata still names: the NCv3 series (`Standard_NC6s_v3`, `NC12s_v3`,
 * `NC24s_v3`, `NC24rs_v3`; learn.microsoft.com virtual-machines/ncv3-retirement, ncv3-nc24rs-retirement). The
 * `azureml` registry's `system_metadata` lists still recommend them (test/fixtures/azureml/registryModels.json, assets
 * 4b41f8cc), while Azure/azureml-examples moved every foundation-model sample off them (334bb09dcb, 2025-10-30). A
 * deployment on one cannot be allocated, so they are not offered.
 */
const NCV3 = /^standard_nc(6|12|24|24r)s_v3$/i;

export function isRetiredVmSize(size: string): boolean {
  return NCV3.test(size.trim());
}
