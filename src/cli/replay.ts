/**
 * `websocket-lens replay <log>`: opens a recorded connection again from Node
 * (`ws`), sends the recorded client frames with their recorded timing (or,
 * with --speed max, each as soon as the server has sent what it sent before
 * it in the recording), records what the server sends back, and diffs that
 * with the recording (src/lib/diff). Exit status 0 same, 1 different (or the
 * server could not be reached), 2 usage error.
 *
 *   read log → pick connection → plan (src/lib/replay/plan.ts) → connect →
 *   send on schedule → wait for the replies → close as the page did → diff
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import {
  compileIgnore,
  diffConnection,
  formatDiffJson,
  formatDiffText,
  type DiffOptions,
  type SessionDiff,
} from '../lib/diff';
import { exportSessionJson } from '../lib/logs/json';
import { pickConnection, planReplay, sendableCloseCode, type ReplayPlan } from '../lib/replay/plan';
import type { SessionRecord } from '../protocol/schema';
import { utf8Length } from '../lib/utf8';
import { CliError } from './cli-error';
import { IGNORE_OPTIONS, ignoreOptionsOf, parseCommandArgs, usageError } from './command-args';
import { toBuffer } from './local-server';
import { readLogFile } from './read-log';

export const REPLAY_HELP = `Usage: websocket-lens replay <log> [options]

Opens a recorded connection again, sends the recorded client frames (text and
binary, byte for byte) with their recorded timing, records what the server
answers and reports where it differs from the recording.

Options:
      --connection <c>      which connection of the log: its number (1, 2…)
                            or its id; needed when the log holds several
      --url <url>           connect here instead of the recorded URL
      --header 'K: V'       an extra handshake header (repeatable), e.g. a
                            Cookie or Authorization the log does not keep
      --speed <1|max>       1: the recorded timing (default); max: each frame
                            as soon as the server has answered the ones before
      --timeout <s>         how long to wait for a server frame (default 10)
      --out <file>          also write the replay as a WebSocket Lens session
      --json                print the result as JSON
      --ignore-path <path>  as in diff: a JSON path not compared (repeatable)
      --ignore-regex <re>   as in diff: text not compared (repeatable)
      --ignore-volatile     as in diff: ignore times, epoch ms and UUIDs
  -h, --help                show this help

Exit status: 0 the server answered as recorded, 1 it answered differently or
could not be reached, 2 wrong command or unusable log.`;

export interface ReplayArgs {
  log: string;
  connection?: string;
  url?: string;
  headers: Record<string, string>;
  /** A speed factor (1: recorded timing), or 'max'. */
  speed: number | 'max';
  timeoutMs: number;
  out?: string;
  json: boolean;
  diff: DiffOptions;
}

const usage = (message: string) => usageError('replay', message);

export function parseReplayArgs(argv: string[]): ReplayArgs | 'help' {
  const { values, positionals } = parseCommandArgs('replay', argv, {
    connection: { type: 'string' },
    url: { type: 'string' },
    header: { type: 'string', multiple: true },
    speed: { type: 'string' },
    timeout: { type: 'string' },
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    ...IGNORE_OPTIONS,
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw usage(`Give one log to replay, not ${positionals.length}.`);
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw usage(`--header takes "Name: value", not "${header}".`);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const speedText = values.speed ?? '1';
  const speed = speedText === 'max' ? 'max' : Number(speedText);
  if (speed !== 'max' && !(speed > 0 && Number.isFinite(speed)))
    throw usage(`--speed takes 1 (recorded timing), another factor such as 2, or max; not "${speedText}".`);
  const timeout = Number(values.timeout ?? 10);
  if (!(timeout > 0)) throw usage(`--timeout takes seconds, not "${values.timeout}".`);
  if (values.url !== undefined && !/^wss?:\/\//.test(values.url))
    throw usage(`--url takes a ws:// or wss:// URL, not "${values.url}".`);
  return {
    log: positionals[0]!,
    ...(values.connection !== undefined && { connection: values.connection }),
    ...(values.url !== undefined && { url: values.url }),
    headers,
    speed,
    timeoutMs: timeout * 1000,
    ...(values.out !== undefined && { out: values.out }),
    json: values.json ?? false,
    diff: ignoreOptionsOf(values),
  };
}

/** A record before the replay gives it its connection fields (distributes over the union, as Omit alone does not). */
type Draft = SessionRecord extends infer R
  ? R extends SessionRecord
    ? Omit<R, 'seq' | 'conn' | 'sid' | 'frameId'>
    : never
  : never;

export interface ReplayRun {
  /** The replay as session records (one connection), to diff or write. */
  records: SessionRecord[];
  sent: number;
  received: number;
  /** How far each client frame left from its recorded offset, at most (ms; timed replays). */
  maxSkewMs: number;
  ms: number;
}

export interface RunOptions {
  url?: string;
  headers?: Record<string, string>;
  speed?: number | 'max';
  timeoutMs?: number;
  /** Quiet time after the last expected reply, to catch extra frames (default 300 ms). */
  settleMs?: number;
}

/** Replays `plan` against a live server; rejects with a CliError (exit 1) when the server cannot be reached. */
export async function runReplay(plan: ReplayPlan, options: RunOptions = {}): Promise<ReplayRun> {
  const url = options.url ?? plan.url;
  const speed = options.speed ?? 1;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 300;
  const records: SessionRecord[] = [];
  const base = { conn: 'replay', sid: 0, frameId: 0 };
  let seq = 0;
  const add = (record: Draft) => records.push({ ...base, ...record, seq: seq++ } as SessionRecord);
  add({ kind: 'create', t: Date.now(), url, protocols: plan.protocols, stack: '', frameUrl: plan.origin ?? '' });

  const socket = new WebSocket(url, plan.protocols, {
    headers: options.headers ?? {},
    ...(plan.origin && !hasHeader(options.headers, 'origin') && { origin: plan.origin }),
  });
  let received = 0;
  let closed = false;
  let weClosed = false;
  const changed = new Set<() => void>();
  const notify = () => {
    for (const wake of changed) wake();
  };
  /** Resolves when `done()` holds, the socket closed, or `ms` passed. */
  const until = (done: () => boolean, ms: number) =>
    new Promise<void>((resolve) => {
      if (done() || closed) return resolve();
      const finish = () => {
        clearTimeout(timer);
        changed.delete(check);
        resolve();
      };
      const check = () => {
        if (done() || closed) finish();
      };
      const timer = setTimeout(finish, Math.max(0, ms));
      changed.add(check);
    });

  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    add(
      isBinary
        ? {
            kind: 'frame',
            t: Date.now(),
            dir: 'received',
            type: 'binary',
            data: new Uint8Array(bytes),
            size: bytes.length,
            truncated: false,
          }
        : {
            kind: 'frame',
            t: Date.now(),
            dir: 'received',
            type: 'text',
            data: bytes.toString('utf8'),
            size: bytes.length,
            truncated: false,
          },
    );
    received++;
    notify();
  });
  const closedEvent = new Promise<void>((resolve) =>
    socket.on('close', (code: number, reason: Buffer) => {
      closed = true;
      add({
        kind: 'close',
        t: Date.now(),
        code,
        reason: reason.toString(),
        wasClean: code !== 1006,
        by: weClosed ? 'page' : 'server',
      });
      notify();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      add({ kind: 'open', t: Date.now(), protocol: socket.protocol, extensions: socket.extensions });
      resolve();
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(
        new CliError(
          `${url} answered the handshake with HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
        ),
      );
    });
    socket.once('error', (error) => reject(new CliError(`Could not connect to ${url}: ${error.message}`)));
  });
  socket.on('error', () => {
    // After the open, a broken connection shows as its close (1006).
  });

  const opened = performance.now();
  const at = (offsetMs: number) => opened + (speed === 'max' ? 0 : offsetMs / speed);
  let sent = 0;
  let maxSkewMs = 0;
  for (const frame of plan.sends) {
    if (speed === 'max') await until(() => received >= frame.receivedBefore, timeoutMs);
    else await sleep(at(frame.offsetMs) - performance.now());
    if (closed) break;
    if (speed !== 'max') maxSkewMs = Math.max(maxSkewMs, Math.abs(performance.now() - at(frame.offsetMs)));
    const data =
      typeof frame.data === 'string'
        ? frame.data
        : Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
    socket.send(data, { binary: frame.type === 'binary' });
    add(
      frame.type === 'binary'
        ? {
            kind: 'frame',
            t: Date.now(),
            dir: 'sent',
            type: 'binary',
            data: new Uint8Array(frame.data as Uint8Array),
            size: (frame.data as Uint8Array).byteLength,
            truncated: false,
          }
        : {
            kind: 'frame',
            t: Date.now(),
            dir: 'sent',
            type: 'text',
            data: frame.data as string,
            size: utf8Length(frame.data as string),
            truncated: false,
          },
    );
    sent++;
  }
  await until(() => received >= plan.receives.length, timeoutMs);
  await until(() => false, settleMs);
  if (!closed) {
    if (plan.pageClose) {
      if (speed !== 'max') await sleep(at(plan.pageClose.offsetMs) - performance.now());
      weClosed = true;
      if (sendableCloseCode(plan.pageClose.code)) socket.close(plan.pageClose.code, plan.pageClose.reason);
      else socket.terminate();
    } else if (plan.serverClose) {
      await until(
        () => false,
        Math.max(settleMs, speed === 'max' ? 0 : at(plan.serverClose.offsetMs) - performance.now() + settleMs),
      );
    }
  }
  if (!closed) {
    // The recording ended with the socket open: close it without counting the close as a difference.
    weClosed = true;
    socket.close(1000);
    await Promise.race([closedEvent, sleep(3000)]);
    if (!closed) socket.terminate();
    await closedEvent;
    if (!plan.pageClose && !plan.serverClose) records.pop();
  } else await closedEvent;
  return { records, sent, received, maxSkewMs: Math.round(maxSkewMs), ms: Math.round(performance.now() - opened) };
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The recording without what never crossed the wire (simulated frames), as the replay should reproduce it. */
export function wireRecords(plan: ReplayPlan): SessionRecord[] {
  return plan.records.filter((r) => !(r.kind === 'frame' && r.origin === 'simulated'));
}

export async function replayCommand(argv: string[]): Promise<number> {
  try {
    const args = parseReplayArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${REPLAY_HELP}\n`);
      return 0;
    }
    const picked = pickConnection(readLogFile(args.log), args.connection);
    if ('error' in picked) throw usage(picked.error);
    const plan = planReplay(picked);
    if ('error' in plan) throw new CliError(plan.error, 2);
    try {
      compileIgnore(args.diff);
    } catch (error) {
      throw usage((error as Error).message);
    }
    const run = await runReplay(plan, { ...args, headers: args.headers });
    if (args.out) writeFileSync(args.out, exportSessionJson(run.records));
    const connection = diffConnection(wireRecords(plan), run.records, args.diff);
    const diff: SessionDiff = { same: connection.status === 'same', connections: [connection] };
    const url = args.url ?? plan.url;
    const timing =
      args.speed === 'max'
        ? 'as fast as the server answered'
        : `client frames within ${run.maxSkewMs} ms of their recorded times`;
    const summary = `Replayed ${url}: sent ${run.sent} frames (${timing}), received ${run.received} (recorded ${plan.receives.length}), in ${(run.ms / 1000).toFixed(1)} s.`;
    if (args.json)
      process.stdout.write(
        `${JSON.stringify({ url, sent: run.sent, received: run.received, recordedReceived: plan.receives.length, maxSkewMs: run.maxSkewMs, diff: JSON.parse(formatDiffJson(diff)) }, null, 2)}\n`,
      );
    else
      process.stdout.write(
        `${summary}\n${formatDiffText(diff).replace('The logs are the same.', 'The server answered as recorded.').replace('The logs differ.', 'The server answered differently.')}\n`,
      );
    return diff.same ? 0 : 1;
  } catch (error) {
    process.stderr.write(`websocket-lens replay: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
