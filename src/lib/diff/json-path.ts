/**
 * A small JSONPath subset for naming fields to ignore (diff) or mask
 * (redaction): `$`, `.key`, `['key']`, `[0]`, `[*]` / `.*` (any key or
 * index), and `..key` (that key at any depth). Enough to point at volatile
 * or secret fields; no filters or slices.
 */

export type PathSegment = string | number;

type Step = { key: string } | { index: number } | { any: true } | { deep: Step };

export interface JsonPath {
  source: string;
  steps: Step[];
}

/** Parses a path; throws an Error that names the offending position. */
export function parseJsonPath(source: string): JsonPath {
  if (!source.startsWith('$')) throw new Error(`JSON path ${JSON.stringify(source)} must start with "$"`);
  const steps: Step[] = [];
  let i = 1;
  const bad = (what: string) => new Error(`JSON path ${JSON.stringify(source)}: ${what} at character ${i + 1}`);
  while (i < source.length) {
    let deep = false;
    if (source.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (source[i] === '.') {
      i += 1;
    } else if (source[i] !== '[') {
      throw bad('expected "." or "["');
    }
    let step: Step;
    if (source[i] === '[') {
      const end = source.indexOf(']', i);
      if (end === -1) throw bad('unclosed "["');
      const inner = source.slice(i + 1, end).trim();
      if (inner === '*') step = { any: true };
      else if (/^\d+$/.test(inner)) step = { index: Number(inner) };
      else if (/^'.*'$|^".*"$/.test(inner)) step = { key: inner.slice(1, -1) };
      else throw bad(`cannot read [${inner}]`);
      i = end + 1;
    } else {
      const match = /^[^.[\]]+/.exec(source.slice(i));
      if (!match) throw bad('expected a key');
      step = match[0] === '*' ? { any: true } : { key: match[0] };
      i += match[0].length;
    }
    steps.push(deep ? { deep: step } : step);
  }
  return { source, steps };
}

function stepMatches(step: Step, segment: PathSegment): boolean {
  if ('any' in step) return true;
  if ('key' in step) return String(segment) === step.key;
  if ('index' in step) return segment === step.index;
  return false;
}

/** Whether the concrete location `segments` is named by `path`. */
export function pathMatches(path: JsonPath, segments: readonly PathSegment[]): boolean {
  const match = (s: number, g: number): boolean => {
    if (s === path.steps.length) return g === segments.length;
    const step = path.steps[s]!;
    if ('deep' in step) {
      for (let k = g; k < segments.length; k++)
        if (stepMatches(step.deep, segments[k]!) && match(s + 1, k + 1)) return true;
      return false;
    }
    return g < segments.length && stepMatches(step, segments[g]!) && match(s + 1, g + 1);
  };
  return match(0, 0);
}

/** `$.a[0]['b c']`: a location written as a path, for reports. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment).replace(/^"|"$/g, "'")}]`;
  }
  return out;
}
