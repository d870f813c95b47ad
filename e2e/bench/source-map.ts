/**
 * Just enough of source map v3 to name the places a CPU profile points at in
 * the minified hook and relay: generated line and column in, original file,
 * line and source text out.
 */
import { readFileSync } from 'node:fs';

interface RawSourceMap {
  sources: string[];
  sourcesContent?: (string | null)[];
  mappings: string;
}

export interface OriginalPlace {
  /** The source path as the map names it, without leading "../". */
  source: string;
  /** 1-based, as editors show it. */
  line: number;
  /** That source line, trimmed. */
  text: string;
}

/** A decoded segment: generated column, source index, original line, original column (all 0-based). */
type Segment = [number, number, number, number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class SourceMap {
  private readonly lines: Segment[][];
  private readonly contents: string[][];

  constructor(private readonly raw: RawSourceMap) {
    this.lines = decodeMappings(raw.mappings);
    this.contents = raw.sources.map((_, i) => (raw.sourcesContent?.[i] ?? '').split('\n'));
  }

  static read(path: string): SourceMap {
    return new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as RawSourceMap);
  }

  /** The original place of a generated 0-based line and column: the nearest mapping at or before it. */
  lookup(line: number, column: number): OriginalPlace | undefined {
    const segments = this.lines[line] ?? [];
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment[0] > column) break;
      found = segment;
    }
    if (!found) return undefined;
    const [, sourceIndex, originalLine] = found;
    return {
      source: (this.raw.sources[sourceIndex] ?? '?').replace(/^(\.\.\/)+/, ''),
      line: originalLine + 1,
      text: (this.contents[sourceIndex]?.[originalLine] ?? '').trim(),
    };
  }
}

/** Decodes the VLQ "mappings" string; fields other than the first are deltas across the whole map. */
function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  for (const line of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const text of line.split(',')) {
      if (!text) continue;
      const fields = decodeVlq(text);
      column += fields[0] ?? 0;
      if (fields.length < 4) continue; // a generated-only segment maps to nothing
      source += fields[1]!;
      originalLine += fields[2]!;
      originalColumn += fields[3]!;
      segments.push([column, source, originalLine, originalColumn]);
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    shift += 5;
    if (digit & 32) continue;
    values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  return values;
}
