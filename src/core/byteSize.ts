/** A byte count as people read it in a progress line or a listing: `612 B`, `6.5 kB`, `255.4 MB`, `1.1 GB` (powers of 1000, as the Hub shows sizes). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'] as const;
  let value = bytes;
  let unit: string = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
