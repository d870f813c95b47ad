/**
 * What the bench runs in the page (e2e/bench/page/workloads.js): the issue's
 * four workloads, the hook-cost probes, the frame workloads again in a
 * dedicated worker, and what the extension must have recorded after each.
 */
import type { CdpClient } from '../../src/cli/cdp';

/** How a page keeps its frames itself (page/workloads.js keeper): not at all, in the handler it has, or in a listener of its own. */
export type Keep = boolean | 'listener';

/** window.lensBench, as the page script defines it. */
interface BenchApi {
  echo(type: 'text' | 'binary', count: number, size: number, keep?: Keep): Promise<number>;
  push(count: number, size: number, type?: 'text' | 'binary', keep?: boolean): Promise<number>;
  openClose(cycles: number): Promise<number>;
  sendLoop(type: 'text' | 'binary', count: number, size: number): Promise<number>;
  touchMemory(mib: number): { fresh: number; warm: number };
  /** One of the workloads above in a dedicated worker of its own (page/worker.js). */
  inWorker(name: 'echo' | 'push', ...args: unknown[]): Promise<number>;
}

export function inPage<K extends keyof BenchApi>(
  page: CdpClient,
  name: K,
  ...args: Parameters<BenchApi[K]>
): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(`lensBench.${name}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
}

export interface Counts {
  sockets: number;
  sent: number;
  received: number;
}

export interface Workload {
  name: string;
  /** Milliseconds, as the page measured them; `scale` shrinks the counts for a warm-up. */
  run(page: CdpClient, scale?: number): Promise<number>;
  /** What the extension must have recorded after one full-size run. */
  expected: Counts;
  /** Payload bytes sent and received in one full-size run: what the CPU per MB divides by. */
  bytes: number;
  /** Also reported per frame, as the cost of receiving (see PROBES). */
  perFrame?: string;
  /**
   * Options-page settings for this workload (src/protocol/settings.ts): a lever the user has,
   * shown beside the workloads and left out of the worst ratio.
   */
  settings?: { maxPayloadBytes?: number; allHandshakeHeaders?: boolean };
  /** Capture paused from the panel for this workload: the hook's cost when it records no frames (also a lever). */
  paused?: boolean;
}

/** A lever row: shown beside the workloads, left out of the worst ratio. */
export const isLever = (workload: Workload) => workload.settings !== undefined || workload.paused === true;

const scaled = (count: number, scale = 1) => Math.max(1, Math.round(count * scale));

const BINARY_ECHO = '4,000 × 4 KiB binary, echoed';
const TEXT_PUSH = '50,000 × 64 B text, pushed';
const OPEN_CLOSE = '200 open/close cycles';
/** The binary echo, which its lever rows and FLOOR repeat; `keep`: the page keeps every byte itself. */
const binaryEcho = (page: CdpClient, scale?: number, keep: Keep = false) =>
  inPage(page, 'echo', 'binary', scaled(4_000, scale), 4096, keep);

export const WORKLOADS: Workload[] = [
  {
    name: '20,000 × 100 B text, echoed',
    run: (page, scale) => inPage(page, 'echo', 'text', scaled(20_000, scale), 100),
    expected: { sockets: 1, sent: 20_000, received: 20_000 },
    bytes: 2 * 20_000 * 100,
  },
  {
    name: BINARY_ECHO,
    run: (page, scale) => binaryEcho(page, scale),
    expected: { sockets: 1, sent: 4_000, received: 4_000 },
    bytes: 2 * 4_000 * 4096,
  },
  {
    name: '  the same, 1 KB payload limit',
    run: (page, scale) => binaryEcho(page, scale),
    expected: { sockets: 1, sent: 4_000, received: 4_000 },
    bytes: 2 * 4_000 * 4096,
    settings: { maxPayloadBytes: 1024 },
  },
  {
    name: '  the same, capture paused',
    run: (page, scale) => binaryEcho(page, scale),
    expected: { sockets: 1, sent: 0, received: 0 },
    bytes: 2 * 4_000 * 4096,
    paused: true,
  },
  {
    name: TEXT_PUSH,
    run: (page, scale) => inPage(page, 'push', scaled(50_000, scale), 64),
    expected: { sockets: 1, sent: 1, received: 50_000 },
    bytes: 50_000 * 64 + 2, // and the page's 'go'
    perFrame: 'receive 64 B text (the push above)',
  },
  {
    name: OPEN_CLOSE,
    run: (page, scale) => inPage(page, 'openClose', scaled(200, scale)),
    expected: { sockets: 200, sent: 0, received: 0 },
    bytes: 0,
  },
  {
    // Chrome's extraHeaders, asked for while a panel is open or always (this option): every handshake's cost.
    name: '  the same, every handshake header',
    run: (page, scale) => inPage(page, 'openClose', scaled(200, scale)),
    expected: { sockets: 200, sent: 0, received: 0 },
    bytes: 0,
    settings: { allHandshakeHeaders: true },
  },
];

/**
 * The main frame workloads again, each in a dedicated worker the page starts
 * for the run (the same loops, page/workloads.js): the sockets deep capture
 * records through the debugger and the page hook never sees
 * (e2e/bench/worker-bench.ts). Same names, counts and bytes as above.
 */
export const WORKER_WORKLOADS: Workload[] = [
  {
    name: '20,000 × 100 B text, echoed',
    run: (page, scale) => inPage(page, 'inWorker', 'echo', 'text', scaled(20_000, scale), 100),
    expected: { sockets: 1, sent: 20_000, received: 20_000 },
    bytes: 2 * 20_000 * 100,
  },
  {
    name: BINARY_ECHO,
    run: (page, scale) => inPage(page, 'inWorker', 'echo', 'binary', scaled(4_000, scale), 4096),
    expected: { sockets: 1, sent: 4_000, received: 4_000 },
    bytes: 2 * 4_000 * 4096,
  },
  {
    name: '50,000 × 64 B text, pushed',
    run: (page, scale) => inPage(page, 'inWorker', 'push', scaled(50_000, scale), 64),
    expected: { sockets: 1, sent: 1, received: 50_000 },
    bytes: 50_000 * 64 + 2, // and the page's 'go'
  },
];

/**
 * The floor under the binary echo: the same echo, in Chromium without the extension, in a
 * page that itself keeps a copy of every frame it sends and receives in memory it has not
 * touched before. Whoever keeps every byte pays at least this on the machine at hand.
 */
export const FLOOR = {
  of: BINARY_ECHO,
  run: (page: CdpClient, keep: Keep) => binaryEcho(page, 1, keep),
};

/**
 * The floor under a received text frame: the push, in Chromium without the extension, in a page
 * whose own listener keeps every frame's time and data (text is kept by reference: strings are
 * immutable). Any recorder that listens pays at least this per frame.
 */
export const RECEIVE_FLOOR = {
  of: TEXT_PUSH,
  frames: 50_000,
  run: (page: CdpClient, keep: boolean) => inPage(page, 'push', 50_000, 64, 'text', keep),
};

export interface Probe {
  name: string;
  frames: number;
  /** Milliseconds for all frames (a send loop: with the microtasks it queued). */
  run(page: CdpClient): Promise<number>;
}

/**
 * The hook's cost per frame: tight send() loops (its synchronous cost per sent
 * frame) and binary frames pushed by the server. (Received frames cannot be
 * probed in a loop: the hook ignores the untrusted events a page could
 * dispatch itself; the 64 B text push is a workload above.)
 */
export const PROBES: Probe[] = [
  {
    name: 'send() 100 B text, tight loop',
    frames: 20_000,
    run: (page) => inPage(page, 'sendLoop', 'text', 20_000, 100),
  },
  {
    name: 'send() 4 KiB binary, tight loop',
    frames: 4_000,
    run: (page) => inPage(page, 'sendLoop', 'binary', 4_000, 4096),
  },
  {
    name: 'receive 4 KiB binary, pushed',
    frames: 4_000,
    run: (page) => inPage(page, 'push', 4_000, 4096, 'binary'),
  },
];
