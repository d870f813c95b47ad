/**
 * Aligns two frame sequences by their keys (direction, type and decoded
 * kind/name): a longest common subsequence, so one inserted or dropped frame
 * does not shift every frame after it. Unmatched frames of the same direction
 * in the same gap pair up in order as "changed"; the rest are added or
 * removed. Common prefix and suffix are taken first; a gap too large for the
 * quadratic table is paired by order.
 */

export type Alignment = Array<[number, number] | [number, -1] | [-1, number]>;

/** Cells of the LCS table beyond which a gap is paired by order instead (memory and time stay bounded). */
const MAX_CELLS = 4_000_000;

export function alignByKey(a: readonly string[], b: readonly string[], dirOf: (key: string) => string): Alignment {
  const out: Alignment = [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    out.push([start, start]);
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  const suffix: Alignment = [];
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) suffix.push([--endA, --endB]);
  const matches = lcs(a, b, start, endA, start, endB);
  let i = start;
  let j = start;
  for (const [mi, mj] of [...matches, [endA, endB] as const]) {
    gap(i, mi, j, mj, dirOf, a, b, out);
    if (mi < endA) out.push([mi, mj]);
    i = mi + 1;
    j = mj + 1;
  }
  return out.concat(suffix.reverse());
}

/** Frames between two matches: per direction, they pair up in order; the rest are added or removed. */
function gap(
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  dirOf: (key: string) => string,
  a: readonly string[],
  b: readonly string[],
  out: Alignment,
): void {
  const waiting = new Map<string, number[]>();
  for (let j = j0; j < j1; j++) {
    const dir = dirOf(b[j]!);
    const list = waiting.get(dir) ?? [];
    list.push(j);
    waiting.set(dir, list);
  }
  const paired = new Set<number>();
  for (let i = i0; i < i1; i++) {
    const j = waiting.get(dirOf(a[i]!))?.shift();
    if (j === undefined) out.push([i, -1]);
    else {
      out.push([i, j]);
      paired.add(j);
    }
  }
  for (let j = j0; j < j1; j++) if (!paired.has(j)) out.push([-1, j]);
}

function lcs(
  a: readonly string[],
  b: readonly string[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): Array<readonly [number, number]> {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return [];
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[at(i, j)] =
        a[a0 + i] === b[b0 + j] ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
  const pairs: Array<readonly [number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) pairs.push([a0 + i++, b0 + j++]);
    else if (table[at(i + 1, j)]! >= table[at(i, j + 1)]!) i++;
    else j++;
  }
  return pairs;
}
