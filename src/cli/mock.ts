/**
 * `websocket-lens mock <log>`: a WebSocket server that answers like the
 * recording (src/lib/mock/script.ts). Each recorded connection's URL path is
 * served: the server's own frames go out with their recorded offsets, and a
 * client frame that matches the recorded one (exact, same JSON ignoring
 * chosen fields, or same decoded kind, name and id) gets the frames that
 * followed it, with their delays. Mismatches are logged.
 *
 *   read log → scripts → HTTP server (optional --static folder) + ws upgrade →
 *   per connection: pick the script for its path, play it
 */
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RawData, WebSocket } from 'ws';
import { compileIgnore } from '../lib/diff/ignore';
import { createLiveMatcher } from '../lib/mock/live-matcher';
import { buildMockScripts, type MatchMode, type MockScript, type ScriptFrame } from '../lib/mock/script';
import type { SessionRecord } from '../protocol/schema';
import { CliError } from './cli-error';
import { MATCH_HELP, MATCH_OPTIONS, matchOptionsOf, parseCommandArgs, usageError } from './command-args';
import { startLocalServer, toBuffer } from './local-server';
import { readLogFile } from './read-log';

export const MOCK_HELP = `Usage: websocket-lens mock <log> [options]

Starts a WebSocket server on 127.0.0.1 that serves each recorded
connection's URL path and answers like the recording: the server's own
frames with their timing, and the recorded replies when a client sends a
frame that matches the one they followed. Mismatches are logged.

Options:
  -p, --port <port>         listen here (default: any free port, printed)
      --static <dir>        also serve this folder over HTTP on the same port
                            (the page that opens the sockets)
${MATCH_HELP}
      --speed <1|max>       1: recorded delays (default); max: no delays
  -h, --help                show this help

Runs until Ctrl+C. Exit status 2 for a wrong command or unusable log.`;

export interface MockOptions {
  port?: number;
  staticDir?: string;
  modes?: MatchMode[];
  ignorePaths?: string[];
  speed?: 1 | 'max';
  log?: (line: string) => void;
}

export interface MockServer {
  origin: string;
  wsOrigin: string;
  /** Every mismatch logged so far. */
  mismatches: string[];
  close(): Promise<void>;
}

export async function startMock(records: readonly SessionRecord[], options: MockOptions = {}): Promise<MockServer> {
  const scripts = buildMockScripts(records);
  const log = options.log ?? (() => {});
  const ignorePaths = options.ignorePaths ?? [];
  compileIgnore({ paths: ignorePaths }); // a bad path fails here, not on the first socket
  const mismatches: string[] = [];
  const mismatch = (line: string) => {
    mismatches.push(line);
    log(`mismatch: ${line}`);
  };
  /** How many connections each path has had: the nth gets the nth recording of that path (the last one after). */
  const served = new Map<string, number>();
  const root = options.staticDir ? resolve(options.staticDir) : mkdtempSync(join(tmpdir(), 'wsl-mock-'));
  const server = await startLocalServer({
    root,
    ...(options.port !== undefined && { port: options.port }),
    onSocket: (socket, url, request) => {
      const path = url.pathname + url.search;
      const candidates = scripts.filter((s) => s.path === path);
      const fallback = candidates.length ? candidates : scripts.filter((s) => new URL(s.url).pathname === url.pathname);
      if (!fallback.length) {
        mismatch(`a client connected to ${path}, which the recording does not have`);
        socket.close(4404, 'not in the recording');
        return;
      }
      const n = served.get(url.pathname) ?? 0;
      served.set(url.pathname, n + 1);
      const script = fallback[Math.min(n, fallback.length - 1)]!;
      log(`${path}: playing recorded connection ${script.conn}`);
      play(socket, script, request, { ignorePaths, modes: options.modes, speed: options.speed ?? 1, mismatch });
    },
  });
  return {
    ...server,
    mismatches,
    async close() {
      await server.close();
      if (!options.staticDir) rmSync(root, { recursive: true, force: true });
    },
  };
}

function play(
  socket: WebSocket,
  script: MockScript,
  _request: IncomingMessage,
  options: {
    ignorePaths: string[];
    modes: MatchMode[] | undefined;
    speed: 1 | 'max';
    mismatch: (line: string) => void;
  },
): void {
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        fn();
      },
      options.speed === 'max' ? 0 : ms,
    );
    timers.add(timer);
  };
  socket.on('close', () => timers.forEach(clearTimeout));
  const send = (frame: ScriptFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(typeof frame.data === 'string' ? frame.data : Buffer.from(frame.data), {
      binary: frame.type === 'binary',
    });
  };
  /** After the last step's replies, the server closes if it did in the recording. */
  const closeIfLast = (step: number) => {
    if (!script.close || step !== script.steps.length - 1) return;
    const { code, reason, delayMs } = script.close;
    later((script.steps[step]!.replies.at(-1)?.delayMs ?? 0) + delayMs, () => socket.close(code, reason));
  };
  // The server's own frames, at their offsets from the open; a recording with no client frames may end with the server's close.
  for (const frame of script.initial) later(frame.delayMs, () => send(frame));
  if (!script.steps.length && script.close) {
    const { code, reason, delayMs } = script.close;
    later((script.initial.at(-1)?.delayMs ?? 0) + delayMs, () => socket.close(code, reason));
  }

  const matcher = createLiveMatcher(
    {
      url: script.url,
      protocols: script.protocols,
      ...(script.decoder && { decoder: script.decoder.label }),
      ...(options.modes && { modes: options.modes }),
      ignore: { paths: options.ignorePaths },
    },
    socket.protocol,
  );
  let next = 0;
  let received = 0;
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    received++;
    const live = matcher.read(isBinary ? new Uint8Array(bytes) : bytes.toString('utf8'));
    const found = matcher.find(script.steps, next, live);
    if (!found) {
      const preview =
        typeof live.data === 'string' ? JSON.stringify(live.data.slice(0, 80)) : `${live.data.length} bytes`;
      const expected = script.steps[next];
      options.mismatch(
        `${script.path}: client frame ${received} (${live.type} ${preview}) matches no recorded frame${expected ? ` (expected #${expected.expect.index})` : ' (the recording has no more client frames)'}`,
      );
      return;
    }
    if (found.step > next)
      options.mismatch(
        `${script.path}: the client skipped recorded frame(s) #${script.steps
          .slice(next, found.step)
          .map((s) => s.expect.index)
          .join(', #')}`,
      );
    next = found.step + 1;
    const step = script.steps[found.step]!;
    for (const reply of step.replies) later(reply.delayMs, () => send(reply));
    closeIfLast(found.step);
  });
}

export async function mockCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs('mock', argv, {
      port: { type: 'string', short: 'p' },
      static: { type: 'string' },
      ...MATCH_OPTIONS,
      speed: { type: 'string' },
    });
  } catch (error) {
    return failed(error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${MOCK_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) return usage(`Give one log to serve, not ${positionals.length}.`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536))
    return usage(`--port takes a port number, not "${values.port}".`);
  let match;
  try {
    match = matchOptionsOf('mock', values);
  } catch (error) {
    return failed(error);
  }
  if (values.speed !== undefined && values.speed !== '1' && values.speed !== 'max')
    return usage(`--speed takes 1 or max, not "${values.speed}".`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const records = readLogFile(positionals[0]!);
    const scripts = buildMockScripts(records);
    if (!scripts.length) throw new CliError('The log holds no connection to serve.', 2);
    const server = await startMock(records, {
      ...(port !== undefined && { port }),
      ...(values.static !== undefined && { staticDir: values.static }),
      ...match,
      speed: values.speed === 'max' ? 'max' : 1,
      log: say,
    });
    say(
      `Mock server on ${server.wsOrigin}${values.static ? ` (and ${server.origin}/ for ${values.static})` : ''}, serving:`,
    );
    for (const script of scripts)
      say(`  ${server.wsOrigin}${script.path}  (${script.steps.length} client frames, recorded ${script.conn})`);
    // Machine-readable too: a script that starts the mock reads its address from the first line of stdout.
    process.stdout.write(`${server.wsOrigin}\n`);
    await new Promise<void>((done) => process.once('SIGINT', done).once('SIGTERM', done));
    await server.close();
    return 0;
  } catch (error) {
    return failed(error);
  }
}

const usage = (message: string) => failed(usageError('mock', message));

/** Says why on stderr; the exit status a CliError carries, else 2. */
function failed(error: unknown): number {
  process.stderr.write(`websocket-lens mock: ${error instanceof Error ? error.message : String(error)}\n`);
  return error instanceof CliError ? error.exitCode : 2;
}
