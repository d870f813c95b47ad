/**
 * Shared steps of the protocol e2e tests (issue 19): run a fixture page's
 * scenario against its server, read the panel's Message column and Decoded
 * tab, and read the same session as NDJSON, from the session client or from
 * `npm run record -- … --format ndjson`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { exportNdjson, type FrameLine } from '../../src/lib/logs';
import type { Lens } from './lens';
import { DIST } from './lens';
import type { DecodedRow, PanelView } from './panel-view';
import type { ProtocolServer } from './protocol-servers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Scenario<T> {
  page: Page;
  tabId: number;
  /** What the page's `window.result` promise gave: the client library's view of the exchange. */
  result: T;
}

/** Opens `path` of `server` in a new tab and waits for the page's scenario (`window.result`) to finish. */
export async function runScenario<T>(lens: Lens, server: ProtocolServer, path: string): Promise<Scenario<T>> {
  const page = await lens.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${server.origin}/${path}`);
  const tabId = await lens.tabIdOf(page);
  const result = await page
    .evaluate(() => (window as unknown as { result: Promise<unknown> }).result)
    .catch((error: unknown) => {
      throw new Error(`${path}: ${String(error)}; page errors: ${errors.join('; ')}`, { cause: error });
    });
  return { page, tabId, result: result as T };
}

/** The NDJSON export of a tab's session, as the panel's Export menu writes it, one object per frame. */
export async function ndjsonOf(lens: Lens, tabId: number): Promise<FrameLine[]> {
  const { records } = await (await lens.client()).readAll(tabId);
  return parseNdjson(exportNdjson(records));
}

export function parseNdjson(text: string): FrameLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FrameLine);
}

/** `npm run record -- <url> --format ndjson --until-idle --out -`, as a user runs it; the lines it wrote. */
export function recordNdjson(url: string): Promise<FrameLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npm',
      [
        'run',
        '--silent',
        'record',
        '--',
        url,
        '--format',
        'ndjson',
        '--until-idle',
        '--max-duration',
        '30',
        '--out',
        '-',
      ],
      { cwd: ROOT, env: { ...process.env, LENS_DIST: DIST } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve(parseNdjson(stdout)) : reject(new Error(`record exited ${code}: ${stderr}`)),
    );
  });
}

/** Milliseconds in a pair cell or exchange line ("↩ 87.3 ms", "after 1.20 s"). */
export function shownMs(text: string): number {
  const match = /([\d.]+) (ms|s)\b/.exec(text);
  if (!match) throw new Error(`no latency in ${JSON.stringify(text)}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/**
 * Selects the connection whose URL contains `urlPart` and waits until its rows
 * satisfy `ready` (the last frame arrived and was decoded); returns them.
 */
export async function decodedRowsOf(
  panel: PanelView,
  urlPart: string,
  ready: (rows: DecodedRow[]) => boolean,
): Promise<DecodedRow[]> {
  // Tall enough for every row of a short session: the message list renders only the rows in view.
  await panel.page.setViewportSize({ width: 1400, height: 2400 });
  await panel.page.bringToFront();
  await panel.connection(urlPart).first().waitFor();
  await panel.select(urlPart);
  let rows: DecodedRow[] = [];
  await until(
    async () => ready((rows = await panel.decodedRows())),
    () => JSON.stringify(rows),
  );
  return rows;
}

/** Polls `check` until it holds (expect.poll only runs inside a test; this also runs in hooks). */
export async function until(check: () => Promise<boolean>, state: () => string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms; last seen: ${state()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The one row going `dir` whose Message column reads `meaning` (fails when there is not exactly one). */
export function rowOf(rows: DecodedRow[], dir: 'sent' | 'received', meaning: string): DecodedRow {
  const found = rows.filter((r) => r.dir === dir && r.meaning === meaning);
  expect(
    found,
    `one ${dir} row "${meaning}" in ${JSON.stringify(rows.map((r) => `${r.dir} ${r.meaning}`))}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** The one NDJSON line going `dir` whose decoded kind and name are these. */
export function lineOf(lines: FrameLine[], dir: 'sent' | 'received', kind: string, name?: string): FrameLine {
  const found = lines.filter((l) => l.dir === dir && l.decoded?.kind === kind && l.decoded?.name === name);
  expect(found, `one ${dir} line ${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
}

/**
 * The least reply latency a page can see from a server that waits `ms` in
 * `timers` timers one after another: Node's timers count from the event loop's
 * clock, read in whole milliseconds when the loop's turn began, so each may
 * fire up to 1 ms early (CI saw 39.9 ms for 40, and 59.5 for three of 20).
 */
export const leastLatency = (ms: number, timers = 1): number => ms - timers;

/**
 * A reply line points at its request's seq, and its latency is the time
 * between the two frames (the export's times are whole milliseconds).
 */
export function expectReply(lines: FrameLine[], reply: FrameLine, request: FrameLine, atLeastMs = 0): void {
  expect(reply.decoded?.replyTo, `${reply.decoded?.kind} ${reply.decoded?.name} answers`).toBe(request.seq);
  const latency = reply.decoded!.latencyMs!;
  expect(latency).toBeGreaterThanOrEqual(leastLatency(atLeastMs));
  const clock = Date.parse(reply.time) - Date.parse(request.time);
  expect(Math.abs(latency - clock)).toBeLessThanOrEqual(1);
  expect(lines.filter((l) => l.decoded?.replyTo === request.seq)).toContain(reply);
}

/** A pair cell ("↩ 87.3 ms") shows `latencyMs` (the export's), to the digits the panel shows. */
export function expectShownLatency(shown: string, latencyMs: number): void {
  expect(shown).toMatch(/^↩ [\d.]+ m?s$/);
  const unit = latencyMs < 10 ? 0.01 : latencyMs < 100 ? 0.1 : latencyMs < 1000 ? 1 : 10;
  expect(Math.abs(shownMs(shown) - latencyMs), `${shown} for ${latencyMs} ms`).toBeLessThanOrEqual(unit / 2 + 1e-6);
}
