/**
 * CPU a whole browser used, every process counted (browser, renderers, the
 * extension's worker, network service): the extension's work off the page's
 * thread still competes for this machine's cores. Also the part of it spent in
 * extension processes (the service worker's renderer), told apart on Linux by
 * the `--extension-process` switch Chromium gives them.
 */
import { QUIET_MS } from '../../src/content/idle-forward';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession } from 'playwright-core';

export interface CpuUse {
  /** All of the browser's processes, ms. */
  totalMs: number;
  /** Of that, the extension's own processes, ms (0 without an extension, or off Linux). */
  extensionMs: number;
}

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

export function cpuMeter(browserCdp: CDPSession) {
  const isExtension = new Map<number, boolean>();
  const extensionProcess = (pid: number) => {
    if (!isExtension.has(pid)) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      } catch {
        // Not Linux, or the process is gone: count it as the browser's.
      }
      isExtension.set(pid, cmdline.includes('--extension-process'));
    }
    return isExtension.get(pid)!;
  };
  /** Cumulative CPU seconds of every live process. */
  const sample = async (): Promise<{ total: number; extension: number }> => {
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo' as never)) as {
      processInfo: ProcessInfo[];
    };
    let total = 0;
    let extension = 0;
    for (const process of processInfo) {
      total += process.cpuTime;
      if (process.type === 'renderer' && extensionProcess(process.id)) extension += process.cpuTime;
    }
    return { total, extension };
  };
  // Quiet: a window with at most 10 ms of CPU (the counters' resolution) per 150 ms; gives up after 15 s.
  // The window outlasts the relay's wait for quiet after a flood (QUIET_MS): a shorter one could end
  // before the held records leave, and their storing would land on the next run (of another side).
  const windowMs = QUIET_MS + 250;
  const settle = async () => {
    let last = await sample();
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      await sleep(windowMs);
      const now = await sample();
      if (now.total - last.total <= (0.01 * windowMs) / 150) return now;
      last = now;
    }
    return last;
  };
  let mark = { total: 0, extension: 0 };
  /** CPU since the last mark; moves the mark to now. */
  const since = (now: { total: number; extension: number }): CpuUse => {
    const use = { totalMs: (now.total - mark.total) * 1000, extensionMs: (now.extension - mark.extension) * 1000 };
    mark = now;
    return use;
  };
  return {
    /** Waits until quiet, then returns the CPU since the last mark (and marks). */
    settled: async () => since(await settle()),
    /** The CPU since the last mark, without waiting (and marks). */
    now: async () => since(await sample()),
    /** Waits until quiet; the mark stays, so work done meanwhile counts in the next reading. */
    quiet: async () => void (await settle()),
  };
}
