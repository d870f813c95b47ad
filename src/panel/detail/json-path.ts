/**
 * Paths into a JSON value, written the JSONPath way: `$.users[2].name`, with
 * keys that are not plain identifiers quoted (`$["a b"]`) so that pasting the
 * path into code or jq-like tools works.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function jsonPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** A node's name in button labels: its path without the `$.` ("users[2].name"), or "root". */
export function nodeLabel(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return 'root';
  return jsonPath(segments).replace(/^\$\.?/, '');
}

/** An object key as shown in the tree: plain when it reads unambiguously, else quoted. */
export function displayKey(key: string): string {
  return IDENTIFIER.test(key) || /^\d+$/.test(key) ? key : JSON.stringify(key);
}
