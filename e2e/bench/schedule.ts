/**
 * The order of the timed runs. Sides take turns in every round, starting with a
 * different one each round, so slow drifts in the machine's load hit all alike.
 *
 * Settled (the default): one workload at a time; after each run the browser is
 * left to go quiet, so the extension's storing work never spills into a run.
 * Back to back (`--back-to-back`): in each round a side runs every workload in
 * a row with no waiting, as on a busy laptop: work left from one run slows the
 * next. The side then goes quiet before the next side's turn, so its spill
 * lands on its own runs and never on another configuration's.
 */
import type { CpuUse } from './browser-cpu';
import { threadMs, type ThreadUse } from './page-thread';
import type { Label, Side, Sides } from './sides';
import type { Workload } from './workloads';

export interface Run {
  pageMs: number;
  /** Settled: until quiet after the run. Back to back: from the end of the side's previous run to the end of this one. */
  cpu: CpuUse;
  /** The page's thread (settled runs only). */
  thread?: ThreadUse;
}

export type Runs = Partial<Record<Label, Run[]>>;

/** The sides in round `i`'s order. */
function turn(sides: Side[], i: number): Side[] {
  const k = i % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}

export async function settledRuns(sides: Side[], workload: Workload, rounds: number): Promise<Runs> {
  const runs: Runs = {};
  for (let i = 0; i < rounds; i++) {
    for (const side of turn(sides, i)) {
      await side.reload();
      const { result: pageMs, thread, cpu } = await measured(side, () => workload.run(side.page));
      (runs[side.label] ??= []).push({ pageMs, cpu, thread });
    }
  }
  return runs;
}

export async function backToBackRuns(
  sides: Side[],
  workloads: Workload[],
  rounds: number,
): Promise<Map<Workload, Runs>> {
  const results = new Map<Workload, Runs>(workloads.map((workload) => [workload, {}]));
  for (const side of sides) await side.settledCpu(); // each side's first reading starts here
  for (let i = 0; i < rounds; i++) {
    for (const side of turn(sides, i)) {
      for (const workload of workloads) {
        await side.reload(false);
        const pageMs = await workload.run(side.page);
        (results.get(workload)![side.label] ??= []).push({ pageMs, cpu: await side.cpuNow() });
      }
      await side.quiet();
    }
  }
  return results;
}

/** The three browsers of a run, in the order they are warmed up and closed. */
export const allOf = (sides: Sides): Side[] => [sides.without, sides.withExt, sides.devtools];

/** Every workload once at a fifth of its size on each side: processes, JIT, sockets and the server warm up. */
export async function warmUp(sides: Sides, workloads: readonly Workload[]): Promise<void> {
  for (const side of allOf(sides)) {
    for (const workload of workloads) {
      await side.reload();
      await workload.run(side.page, 0.2);
    }
    await side.settledCpu();
  }
}

/** `run` on a settled side: its result, the page thread's time during it and until quiet, and the browser's CPU. */
export async function measured<T>(
  side: Side,
  run: () => Promise<T>,
): Promise<{ result: T; thread: ThreadUse; cpu: CpuUse }> {
  const start = await threadMs(side.page);
  const result = await run();
  const end = await threadMs(side.page);
  const cpu = await side.settledCpu();
  return { result, thread: { during: end - start, untilQuiet: (await threadMs(side.page)) - start }, cpu };
}
