/**
 * The message filter: free text or /regex/flags, direction, payload type and
 * size range, compiled once into a predicate that runs over 100,000 records
 * within a frame budget (no per-record allocation for text frames, one regex
 * test each). Text matches text payloads and lifecycle lines, and binary
 * payloads by their bytes: as hex ("0a 1b", "0a1b") or as UTF-8 text, within
 * their first BINARY_SEARCH_BYTES. A leading `-` negates: `-ping` hides what
 * `ping` would show.
 */
import type { SessionRecord } from '../../protocol/schema';
import type { DecodedMessage } from '../decoders/types';
import { splitFieldTerms, termsPass } from './decoded-filter';

/** How much of a binary payload the text filter reads (decoding all of 100,000 large frames would stall). */
export const BINARY_SEARCH_BYTES = 1024;

export type DirectionFilter = 'all' | 'sent' | 'received';
export type TypeFilter = 'all' | 'text' | 'binary';

export interface FilterState {
  text: string;
  direction: DirectionFilter;
  type: TypeFilter;
  /** Inclusive byte bounds; NaN or undefined means unbounded. */
  minSize?: number;
  maxSize?: number;
  /** Hide heartbeats and transport chatter that decoders recognised. */
  hideControl?: boolean;
}

export const EMPTY_FILTER: FilterState = { text: '', direction: 'all', type: 'all' };

export interface CompiledFilter {
  /** True when nothing is filtered: lifecycle rows are shown too. */
  empty: boolean;
  /** What to highlight in previews (global flag set), or null. */
  highlight: RegExp | null;
  test(
    record: SessionRecord,
    lifecycleText: (record: SessionRecord) => string,
    decoded?: (record: SessionRecord) => readonly DecodedMessage[] | undefined,
  ): boolean;
}

export type FilterResult = { ok: true; filter: CompiledFilter } | { ok: false; error: string };

const REGEX_SYNTAX = /^\/(.+)\/([a-z]*)$/s;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A plain text is matched case-insensitively; `/…/flags` is a regular expression. */
export function textPattern(text: string): { ok: true; pattern: RegExp | null } | { ok: false; error: string } {
  if (text === '') return { ok: true, pattern: null };
  const regex = REGEX_SYNTAX.exec(text);
  try {
    if (regex) return { ok: true, pattern: new RegExp(regex[1]!, regex[2]!.replace('g', '')) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, pattern: new RegExp(escapeRegExp(text), 'i') };
}

const bounded = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

const HEX_BYTES = /^(?:[0-9a-f]{2}[\s:]?)+$/i;
const utf8 = new TextDecoder();
const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * What the text filter reads of a binary frame: its first bytes as hex, as the
 * list shows them ("0a 1b ff"), then as UTF-8 text (invalid bytes as U+FFFD).
 */
export function binarySearchText(payload: Uint8Array): string {
  const bytes = payload.subarray(0, BINARY_SEARCH_BYTES);
  return `${hexOf(bytes)}\n${utf8.decode(bytes)}`;
}

/** The pattern binary frames are matched with: a plain hex needle ("0A0B", "0a:0b") also matches as spaced hex. */
function binaryPattern(text: string, pattern: RegExp): RegExp {
  if (REGEX_SYNTAX.test(text) || !HEX_BYTES.test(text)) return pattern;
  const spaced = text
    .replace(/[\s:]/g, '')
    .toLowerCase()
    .replace(/(..)(?!$)/g, '$1 ');
  return new RegExp(`${pattern.source}|${escapeRegExp(spaced)}`, 'i');
}

export function compileFilter(state: FilterState): FilterResult {
  const { terms, rest } = splitFieldTerms(state.text);
  const hideControl = state.hideControl ?? false;
  const trimmed = rest.trim();
  const negated = trimmed.length > 1 && trimmed.startsWith('-');
  const text = negated ? trimmed.slice(1) : trimmed;
  const parsed = textPattern(text);
  if (!parsed.ok) return { ok: false, error: `Invalid regular expression: ${parsed.error}` };
  const pattern = parsed.pattern;
  const forBinary = pattern && binaryPattern(text, pattern);
  /** Whether the text criterion lets the record through (a match, or no match when negated). */
  const textPasses = (record: SessionRecord, lifecycleText: (record: SessionRecord) => string) => {
    if (!pattern) return true;
    const hit =
      record.kind !== 'frame'
        ? pattern.test(lifecycleText(record))
        : record.type === 'text'
          ? pattern.test(record.data)
          : forBinary!.test(binarySearchText(record.data));
    return hit !== negated;
  };
  const min = bounded(state.minSize) ? state.minSize : -Infinity;
  const max = bounded(state.maxSize) ? state.maxSize : Infinity;
  if (min > max) return { ok: false, error: `The minimum size ${min} is above the maximum ${max}` };
  const framesOnly = terms.length > 0 || hideControl;
  const empty =
    !pattern &&
    !framesOnly &&
    state.direction === 'all' &&
    state.type === 'all' &&
    min === -Infinity &&
    max === Infinity;
  /** Whether what decoders read lets the frame through. */
  const meaningPasses = (messages: readonly DecodedMessage[] | undefined) =>
    (!hideControl || !messages?.length || !messages.every((m) => m.control)) && termsPass(terms, messages);
  return {
    ok: true,
    filter: {
      empty,
      highlight: pattern && !negated ? new RegExp(pattern.source, `${pattern.flags}g`) : null,
      test(record, lifecycleText, decoded) {
        if (record.kind !== 'frame')
          return (
            empty ||
            (pattern !== null &&
              !framesOnly &&
              state.direction === 'all' &&
              state.type === 'all' &&
              min === -Infinity &&
              max === Infinity &&
              textPasses(record, lifecycleText))
          );
        if (state.direction !== 'all' && record.dir !== state.direction) return false;
        if (state.type !== 'all' && record.type !== state.type) return false;
        if (record.size < min || record.size > max) return false;
        if (framesOnly && !meaningPasses(decoded?.(record))) return false;
        return textPasses(record, lifecycleText);
      },
    },
  };
}

/** Splits `text` into plain and matched parts for highlighting. */
export function highlightParts(text: string, highlight: RegExp | null): { text: string; hit: boolean }[] {
  if (!highlight) return [{ text, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  highlight.lastIndex = 0;
  for (let match = highlight.exec(text); match; match = highlight.exec(text)) {
    if (match[0] === '') {
      highlight.lastIndex++;
      continue;
    }
    if (match.index > last) parts.push({ text: text.slice(last, match.index), hit: false });
    parts.push({ text: match[0], hit: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}
