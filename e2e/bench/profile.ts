/**
 * CPU profiles of a page over CDP, and where their time went: by part (the
 * hook, the relay, the page's own script, built-ins they call, GC, the
 * renderer's own work) and by function of the hook and the relay, named
 * through the build's source maps.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CdpClient } from '../../src/cli/cdp';
import { SourceMap, type OriginalPlace } from './source-map';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const PARTS = ['hook', 'relay', 'page', 'built-ins', 'gc', 'renderer', 'idle'] as const;
export type Part = (typeof PARTS)[number];

export interface FunctionCost {
  part: 'hook' | 'relay';
  /** Original source place, or the minified name and position when there is no map. */
  where: string;
  text: string;
  /** Self time, plus that of natives.ts's call() helper when this function used it. */
  selfMs: number;
  /** Time in built-ins (url-less frames) this function called directly, by name. */
  builtIns: Map<string, number>;
}

export interface ProfileSummary {
  totalMs: number;
  byPart: Map<Part, number>;
  functions: FunctionCost[];
}

/** Samples the page's renderer thread (every world: page, hook, relay) while `run` runs. */
export async function profileWhile(page: CdpClient, run: () => Promise<unknown>): Promise<CpuProfile> {
  await page.send('Profiler.enable');
  await page.send('Profiler.setSamplingInterval', { interval: 100 }); // µs
  await page.send('Profiler.start');
  // Stop the profiler whatever the run did, then report its failure.
  const failed = await run().then(
    () => null,
    (error: unknown) => ({ error }),
  );
  const { profile } = await page.send<{ profile: CpuProfile }>('Profiler.stop');
  await page.send('Profiler.disable');
  if (failed) throw failed.error;
  return profile;
}

/** `extensionDir` is the built extension the profiled browser loaded: its source maps name the functions. */
export function summarize(profile: CpuProfile, extensionDir: string): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const maps = new SourceMaps(extensionDir);

  const byPart = new Map<Part, number>(PARTS.map((part) => [part, 0]));
  const places = new Map<ProfileNode, OriginalPlace | undefined>();
  const placeOf = (node: ProfileNode) => {
    if (!places.has(node)) {
      const { url, lineNumber, columnNumber } = node.callFrame;
      places.set(node, maps.lookup(url, lineNumber, columnNumber));
    }
    return places.get(node);
  };
  // natives.ts's call() only forwards to a built-in (which V8 often inlines into it): its time is its caller's.
  const chargedTo = (node: ProfileNode | undefined) => {
    while (node && partOf(node.callFrame) === 'hook' && placeOf(node)?.source === NATIVES_SOURCE)
      node = parent.get(node.id);
    return node;
  };
  // Profiles have one node per call path: a function is its script position.
  const functions = new Map<string, FunctionCost>();
  const costOf = (node: ProfileNode | undefined): FunctionCost | undefined => {
    const part = node && partOf(node.callFrame);
    if (!node || (part !== 'hook' && part !== 'relay')) return undefined;
    const { url, lineNumber: line, columnNumber: column, functionName } = node.callFrame;
    const key = `${url}:${line}:${column}`;
    let cost = functions.get(key);
    if (!cost) {
      const place = placeOf(node);
      cost = {
        part,
        where: place ? `${place.source}:${place.line}` : `${functionName || '(anonymous)'}@${line + 1}:${column + 1}`,
        text: place?.text ?? '',
        selfMs: 0,
        builtIns: new Map(),
      };
      functions.set(key, cost);
    }
    return cost;
  };

  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = nodes.get(id);
    if (!node) return;
    totalMs += ms;
    const part = partOf(node.callFrame);
    byPart.set(part, byPart.get(part)! + ms);
    if (part === 'hook' || part === 'relay') {
      const cost = costOf(chargedTo(node));
      if (cost) cost.selfMs += ms;
    } else if (part === 'built-ins') {
      const builtIns = costOf(chargedTo(parent.get(node.id)))?.builtIns;
      const name = node.callFrame.functionName;
      builtIns?.set(name, (builtIns.get(name) ?? 0) + ms);
    }
  });
  return { totalMs, byPart, functions: [...functions.values()] };
}

const NATIVES_SOURCE = 'src/page/natives.ts';
const HOOK_SCRIPT = '/src/page/index.js';
const RELAY_SCRIPT = '/src/content/index.js';

function partOf({ functionName, url }: CallFrame): Part {
  if (url.startsWith('chrome-extension:')) {
    const path = new URL(url).pathname;
    if (path === HOOK_SCRIPT) return 'hook';
    if (path === RELAY_SCRIPT) return 'relay';
  }
  if (url) return 'page';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'renderer';
  return 'built-ins';
}

/** The extension's source maps, read on first use: chrome-extension://ID/<path> maps to <dir>/<path>.map. */
class SourceMaps {
  private readonly loaded = new Map<string, SourceMap | null>();
  constructor(private readonly extensionDir: string) {}

  lookup(url: string, line: number, column: number) {
    const path = new URL(url).pathname;
    if (!this.loaded.has(path)) {
      const file = join(this.extensionDir, `${path}.map`);
      this.loaded.set(path, existsSync(file) ? SourceMap.read(file) : null);
    }
    return this.loaded.get(path)?.lookup(line, column);
  }
}
