/** Small, pure helpers to summarize timings and print them as aligned tables. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The middle half of the values, as the medians of their lower and upper halves (Tukey's hinges). */
export function middleHalf(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const half = (sorted.length + 1) >> 1;
  return [median(sorted.slice(0, half)), median(sorted.slice(sorted.length - half))];
}

/**
 * A distribution-free confidence interval for the median of `values`: the order
 * statistics x(k) and x(n+1-k), k the largest with P(Binomial(n, 1/2) < k) at most
 * half of 1 - `confidence`. Null when there are too few values for any interval.
 */
export function medianInterval(values: number[], confidence = 0.95): [number, number] | null {
  const n = values.length;
  const tail = (1 - confidence) / 2;
  let probability = 0.5 ** n; // P(X = j), from j = 0
  let below = 0; // P(X < k)
  let k = 0;
  while (k < n / 2 && below + probability <= tail) {
    below += probability;
    probability *= (n - k) / (k + 1);
    k++;
  }
  if (k === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[k - 1]!, sorted[n - k]!];
}

/** "12.3" for milliseconds, with a thousands separator above 1,000. */
export function ms(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** Median with the spread of the runs: "123.4 (118.0–131.2)". */
export function spread(values: number[]): string {
  return `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/**
 * The cells every ratio row prints: the median of `values`, the 95% interval of that
 * median ("—" when there are too few values for one) and their middle half.
 */
export function ratioCells(values: number[]): [string, string, string] {
  const range = (pair: [number, number] | null) => (pair ? pair.map(ratio).join('–') : '—');
  return [ratio(median(values)), range(medianInterval(values)), range(middleHalf(values))];
}

/** Rows of cells as a text table; the first column is left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ');
  const rule = widths.map((w) => '─'.repeat(w)).join('───');
  return [line(header), rule, ...rows.map(line)].map((text) => `  ${text.trimEnd()}`).join('\n');
}

/** Rows of cells as a Markdown table, for docs/PERFORMANCE.md. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [line(header), line(header.map((_, c) => (c === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
