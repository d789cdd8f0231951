export interface Sample {
  latencies: number[];
  ms: number;
}

/** The p-th percentile (nearest rank) of latencies in milliseconds, rounded to 0.01 ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 100) / 100;
}
