/** A function returning a float in [0, 1), reproducible from its seed. */
export type SeededRandom = () => number;

/**
 * mulberry32: a tiny, fast PRNG. Fault probabilities and embedding vectors draw from it so a
 * run with the same seed injects the same faults and returns the same vectors.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
