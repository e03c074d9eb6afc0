// A deterministic PRNG (mulberry32), so every bench run builds the same data and the same simulated hour.

/** Numbers in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whole numbers in [0, below). */
export function intPrng(seed: number): (below: number) => number {
  const next = prng(seed);
  return (below) => Math.floor(next() * below);
}
