/** Pure pieces of the JSON tree: what a node is, how it reads, what its children are. */
import type { PathSegment } from './json-path';
import type { Json, JsonContainer } from './payload';

export type ScalarKind = 'string' | 'number' | 'boolean' | 'null';

/** Strings longer than this show a preview with a "Show full string" button. */
export const STRING_PREVIEW_CHARS = 1000;
/** Levels expanded when the tree opens: the root and its children. */
export const DEFAULT_EXPANDED_DEPTH = 2;

export function isContainer(value: Json): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

export function scalarKind(value: Exclude<Json, JsonContainer>): ScalarKind {
  return value === null ? 'null' : (typeof value as ScalarKind);
}

/** A scalar as JSON: strings quoted and escaped (one line), numbers, true/false, null. */
export function scalarText(value: Exclude<Json, JsonContainer>): string {
  return JSON.stringify(value);
}

/** "{3}" for an object of three keys, "[12]" for an array of twelve items. */
export function containerSummary(value: JsonContainer): string {
  return Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
}

/** The child keys of a container: indexes of an array, own keys of an object. */
export function childKeys(value: JsonContainer): PathSegment[] {
  return Array.isArray(value) ? Array.from(value, (_, i) => i) : Object.keys(value);
}

export function childAt(value: JsonContainer, key: PathSegment): Json {
  // Keys come from childKeys, so the lookup cannot miss.
  return (Array.isArray(value) ? value[key as number] : value[key as string]) as Json;
}

/** What "Copy value" puts on the clipboard: the subtree as JSON, containers indented. */
export function copyValueText(value: Json): string {
  return isContainer(value) ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

export function isExpandedByDefault(depth: number): boolean {
  return depth < DEFAULT_EXPANDED_DEPTH;
}

/** A long scalar's shown text: the first `max` characters and an ellipsis. */
export function previewText(text: string, max = STRING_PREVIEW_CHARS): { text: string; cut: boolean } {
  return text.length > max ? { text: `${text.slice(0, max)}…`, cut: true } : { text, cut: false };
}
