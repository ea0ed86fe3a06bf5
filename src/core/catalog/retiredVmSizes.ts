/**
 * Azure VM sizes that are retired or have an announced retirement, with the day they go, from Microsoft Learn's
 * "Retired and retiring VM size series" (MicrosoftDocs/azure-docs, virtual-machines/sizes/retirement): NCv3, including
 * Standard_NC24rs_v3, on 2025-09-30; NVv3 on 2026-09-30. Registry metadata still recommends some of them, so a
 * recommendation carried into the catalog leaves them out. Sizes retiring later (Dv2, Fsv2, Ev3 in 2028-2029) are kept.
 */
const RETIREMENTS: ReadonlyMap<string, string> = new Map([
  ['Standard_NC6s_v3', '2025-09-30'],
  ['Standard_NC12s_v3', '2025-09-30'],
  ['Standard_NC24s_v3', '2025-09-30'],
  ['Standard_NC24rs_v3', '2025-09-30'],
  ['Standard_NV12s_v3', '2026-09-30'],
  ['Standard_NV24s_v3', '2026-09-30'],
  ['Standard_NV48s_v3', '2026-09-30'],
]);

/** The day (YYYY-MM-DD) Azure retires `size`, or undefined when no retirement is announced. Sizes are matched ignoring case. */
export function vmSizeRetirement(size: string): string | undefined {
  for (const [name, day] of RETIREMENTS) if (name.toLowerCase() === size.toLowerCase()) return day;
  return undefined;
}
