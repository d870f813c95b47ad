/**
 * A structural diff of two JSON-like values (what JSON.parse or a decoder
 * gives: objects, arrays, primitives, Uint8Array): the leaves that were
 * added, removed or changed, each with its path. Locations an ignore rule
 * names are skipped whole.
 */
import { formatPath, type PathSegment } from './json-path';

export interface JsonChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** At most this many changes are listed per value: a frame that changed everywhere is one line of news anyway. */
export const MAX_CHANGES = 50;

export function diffJson(
  a: unknown,
  b: unknown,
  ignored: (segments: readonly PathSegment[]) => boolean = () => false,
): JsonChange[] {
  const changes: JsonChange[] = [];
  const walk = (x: unknown, y: unknown, at: PathSegment[]): void => {
    if (changes.length >= MAX_CHANGES || ignored(at)) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const here = [...at, i];
        if (i >= x.length) {
          if (!ignored(here)) changes.push({ path: formatPath(here), op: 'added', after: y[i] });
        } else if (i >= y.length) {
          if (!ignored(here)) changes.push({ path: formatPath(here), op: 'removed', before: x[i] });
        } else walk(x[i], y[i], here);
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const key of Object.keys(x)) {
        const here = [...at, key];
        if (Object.hasOwn(y, key)) walk(x[key], y[key], here);
        else if (!ignored(here)) changes.push({ path: formatPath(here), op: 'removed', before: x[key] });
      }
      for (const key of Object.keys(y)) {
        const here = [...at, key];
        if (!Object.hasOwn(x, key) && !ignored(here))
          changes.push({ path: formatPath(here), op: 'added', after: y[key] });
      }
      return;
    }
    if (x instanceof Uint8Array && y instanceof Uint8Array) {
      if (!sameBytes(x, y)) changes.push({ path: formatPath(at), op: 'changed', before: x, after: y });
      return;
    }
    if (!Object.is(x, y) && !(x === 0 && y === 0))
      changes.push({ path: formatPath(at), op: 'changed', before: x, after: y });
  };
  walk(a, b, []);
  return changes;
}
