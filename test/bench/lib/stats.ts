/** Small statistics for benchmark samples. */

/** The value below which `p` percent of the samples fall (nearest-rank), or NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** The middle sample (the mean of the two middle ones for an even count), or NaN for no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A deterministic pseudo-random generator (mulberry32), so every system gets the same edits. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How sure a ratio of two medians is: a percentile bootstrap. Both sides' samples (one per block) are drawn again
 * with replacement, `rounds` times, and the ratio of the drawn medians taken each time; the interval holds the middle
 * `confidence` of those ratios. Deterministic (seeded), so the same samples always give the same interval.
 */
export function ratioInterval(numerator: readonly number[], denominator: readonly number[], { confidence = 0.9, rounds = 4000, seed = 7 } = {}): [number, number] {
  if (numerator.length === 0 || denominator.length === 0) return [Number.NaN, Number.NaN];
  const next = random(seed);
  const draw = (samples: readonly number[]) => median(Array.from(samples, () => samples[Math.floor(next() * samples.length)]));
  const ratios = Array.from({ length: rounds }, () => draw(numerator) / draw(denominator)).sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return [ratios[Math.floor(tail * (rounds - 1))], ratios[Math.ceil((1 - tail) * (rounds - 1))]];
}
