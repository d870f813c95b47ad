/**
 * A mock server's script, read from a recording: per recorded connection, the
 * server frames it sent on its own before the client's first frame (with
 * their offsets from the open), and for each client frame the server frames
 * that followed it (with their delays), sent when a live client sends a frame
 * that matches it. Pure: src/cli/mock.ts serves it with `ws`, and the
 * Playwright export (playwright.ts) writes it into a test file.
 */
import type { SessionRecord } from '../../protocol/schema';
import { TabDecoding } from '../decoders/tab-decoding';
import type { Decoder } from '../decoders/types';
import { diffJson } from '../diff/json-diff';
import { compileIgnore, isIgnoredPath, type IgnoreRules } from '../diff/ignore';
import { planReplay, replayableConnections } from '../replay/plan';

export interface ScriptFrame {
  /** 1-based position among the recorded connection's frames. */
  index: number;
  type: 'text' | 'binary';
  data: string | Uint8Array;
  /** Milliseconds after the open (initial frames) or after the client frame it answers (replies). */
  delayMs: number;
}

export interface ClientStep {
  /** The recorded client frame a live one must match. */
  expect: ScriptFrame & { decoded?: DecodedKey };
  replies: ScriptFrame[];
}

export interface DecodedKey {
  kind: string;
  name?: string;
  id?: string;
}

export interface MockScript {
  conn: string;
  url: string;
  /** The URL's path and query, as the mock serves it. */
  path: string;
  protocols: string[];
  initial: ScriptFrame[];
  steps: ClientStep[];
  /** The server closed after its last frame: code, reason, delay after the frame before it. */
  close?: { code: number; reason: string; delayMs: number };
  /** The decoder that read the recording, to read live frames the same way. */
  decoder?: Decoder;
}

export function buildMockScripts(records: readonly SessionRecord[]): MockScript[] {
  const decoding = new TabDecoding();
  decoding.update([...records].sort((a, b) => a.seq - b.seq));
  const scripts: MockScript[] = [];
  for (const log of replayableConnections(records)) {
    const plan = planReplay(log);
    if ('error' in plan) continue;
    const url = new URL(log.create.url);
    const script: MockScript = {
      conn: log.conn,
      url: log.create.url,
      path: url.pathname + url.search,
      protocols: log.create.protocols,
      initial: [],
      steps: [],
      ...(decoding.connections.get(log.conn)?.decoder && { decoder: decoding.connections.get(log.conn)!.decoder! }),
    };
    let lastT = log.records.find((r) => r.kind === 'open')?.t ?? log.create.t;
    let index = 0;
    for (const record of log.records) {
      if (record.kind !== 'frame') continue;
      index++;
      if (record.origin === 'simulated') continue;
      const frame: ScriptFrame = {
        index,
        type: record.type,
        data: record.data,
        delayMs: Math.max(0, Math.round(record.t - lastT)),
      };
      if (record.dir === 'sent') {
        const decoded = decoding.get(record.seq);
        const first = decoded && 'messages' in decoded ? decoded.messages[0] : undefined;
        script.steps.push({
          expect: { ...frame, delayMs: 0, ...(first && { decoded: keyOf(first) }) },
          replies: [],
        });
        lastT = record.t;
      } else {
        (script.steps.at(-1)?.replies ?? script.initial).push(frame);
        // Replies' delays count from the client frame; initial frames' from the open.
      }
    }
    if (plan.serverClose) {
      const lastFrame = log.records.filter((r) => r.kind === 'frame').at(-1);
      const close = log.records.find((r) => r.kind === 'close')!;
      script.close = {
        code: plan.serverClose.code,
        reason: plan.serverClose.reason,
        delayMs: Math.max(0, Math.round(close.t - (lastFrame?.t ?? close.t))),
      };
    }
    scripts.push(script);
  }
  return scripts;
}

function keyOf(message: { kind: string; name?: string; id?: string }): DecodedKey {
  return {
    kind: message.kind,
    ...(message.name !== undefined && { name: message.name }),
    ...(message.id !== undefined && { id: message.id }),
  };
}

export type MatchMode = 'exact' | 'json' | 'decoded';

export interface MatchOptions {
  modes?: readonly MatchMode[];
  /** JSON paths (and regexes) ignored by the 'json' mode. */
  ignore?: IgnoreRules;
}

export interface LiveFrame {
  type: 'text' | 'binary';
  data: string | Uint8Array;
  decoded?: DecodedKey;
}

/** How a live client frame matches a recorded one, or undefined. */
export function matchFrame(
  expected: ClientStep['expect'],
  live: LiveFrame,
  options: MatchOptions = {},
): MatchMode | undefined {
  const modes = options.modes ?? ['exact', 'json', 'decoded'];
  if (modes.includes('exact') && expected.type === live.type && sameData(expected.data, live.data)) return 'exact';
  if (modes.includes('json') && expected.type === 'text' && live.type === 'text') {
    const a = parseJson(expected.data as string);
    const b = parseJson(live.data as string);
    const rules = options.ignore ?? compileIgnore();
    if (a !== undefined && b !== undefined && !diffJson(a, b, (segments) => isIgnoredPath(rules, segments)).length)
      return 'json';
  }
  if (modes.includes('decoded') && expected.decoded && live.decoded) {
    const x = expected.decoded;
    const y = live.decoded;
    if (x.kind === y.kind && x.name === y.name && x.id === y.id) return 'decoded';
  }
  return undefined;
}

function sameData(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** How far ahead of the next expected step a live frame may match (a client that skipped a frame). */
export const LOOKAHEAD = 8;

/**
 * The step a live frame answers: the first of the next LOOKAHEAD unplayed
 * steps that it matches, or undefined (a mismatch to log).
 */
export function findStep(
  script: { steps: readonly ClientStep[] },
  next: number,
  live: LiveFrame,
  options: MatchOptions = {},
): { step: number; mode: MatchMode } | undefined {
  for (let i = next; i < Math.min(script.steps.length, next + LOOKAHEAD); i++) {
    const mode = matchFrame(script.steps[i]!.expect, live, options);
    if (mode) return { step: i, mode };
  }
  return undefined;
}
