/**
 * The arithmetic of fault rules (issue 23), apart from sockets and timers so
 * it can be unit-tested: a seeded random source, the jitter draw, the
 * shuffle of a reorder window and the release times of rate and bandwidth
 * limits. The hook runs this in the page's realm, so it uses only operators:
 * no Math (a page can replace Math.random or Math.imul), no array methods
 * (their prototype is the page's).
 */

/** a * b mod 2^32 as a signed 32-bit integer, without Math.imul. */
function imul(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = (a >>> 16) & 0xffff;
  const bl = b & 0xffff;
  const bh = (b >>> 16) & 0xffff;
  return (al * bl + ((((ah * bl + al * bh) & 0xffff) << 16) >>> 0)) | 0;
}

/**
 * mulberry32: numbers in [0, 1) from a 32-bit seed, the same sequence for the
 * same seed in every browser, so a run under a lossy rule can be repeated.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number of ms in [min, max], both included. */
export function jitterMs(random: () => number, min: number, max: number): number {
  const span = max - min + 1;
  const drawn = min + ((random() * span) | 0);
  return drawn > max ? max : drawn;
}

/** True when this frame is lost: `percent` of frames are, on average. */
export function dropsFrame(random: () => number, percent: number): boolean {
  return random() * 100 < percent;
}

/**
 * Fills `order` (empty, ours) with 0…n-1 shuffled (Fisher–Yates): the order
 * a reorder window is released in. For two or more frames it is never the
 * order they came in: a reorder rule that released a window as it came would
 * look as if it did nothing, so an unchanged draw is turned by one place.
 */
export function shuffledOrder(n: number, random: () => number, order: number[]): number[] {
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = (random() * (i + 1)) | 0;
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  let unchanged = n > 1;
  for (let i = 0; i < n && unchanged; i++) unchanged = order[i] === i;
  if (unchanged) for (let i = 0; i < n; i++) order[i] = (i + 1) % n;
  return order;
}

/** When a rate-limited frame may go: at once, or one spacing after the one before it. */
export function rateRelease(previous: number, now: number, perSecond: number): number {
  const earliest = previous + 1000 / perSecond;
  return earliest > now ? earliest : now;
}

/**
 * When a frame of `bytes` has gone through a link of `perSecond` bytes a
 * second: it starts when the link is free (the previous frame is through, or
 * now) and takes its own size's time.
 */
export function bandwidthRelease(previous: number, now: number, bytes: number, perSecond: number): number {
  return (previous > now ? previous : now) + (bytes * 1000) / perSecond;
}
