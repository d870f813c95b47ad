/**
 * What keeping bytes costs on this machine, without the extension: the floor
 * under the binary echo, and what a first write to fresh memory costs.
 */
import type { Side, Sides } from './sides';
import { FLOOR, inPage, RECEIVE_FLOOR } from './workloads';
import { median, middleHalf, ms, ratio } from './report';
import { measured } from './schedule';

/**
 * The binary echo's floor on this machine (workloads.ts FLOOR), in runs of three back to
 * back (the plain echo and the byte-keeping echo without the extension, the plain echo
 * with it, in turns): what keeping every byte costs a page here, and the extension
 * measured against that rather than against a page that keeps nothing.
 */
export async function printFloor(sides: Sides, rounds: number): Promise<void> {
  type Run = 'plain' | 'keeping' | 'extension';
  const runs: [Run, Side, boolean][] = [
    ['plain', sides.without, false],
    ['keeping', sides.without, true],
    ['extension', sides.withExt, false],
  ];
  const floorRatios: number[] = [];
  const overFloor: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const times = new Map<Run, number>();
    for (let j = 0; j < runs.length; j++) {
      const [name, side, keep] = runs[(i + j) % runs.length]!;
      await side.reload();
      times.set(name, await FLOOR.run(side.page, keep));
      // The relay and the worker finish with the bytes before the other browser's turn (see schedule.ts).
      await side.settledCpu();
    }
    floorRatios.push(times.get('keeping')! / times.get('plain')!);
    overFloor.push(times.get('extension')! / times.get('keeping')!);
  }
  const spreadOf = (values: number[]) =>
    `${ratio(median(values))} (middle half ${middleHalf(values).map(ratio).join('–')})`;
  console.log(`\nThe floor under "${FLOOR.of}": without the extension, a page that keeps a copy`);
  console.log(`of every frame it sends and receives, in fresh memory, takes ${spreadOf(floorRatios)} the`);
  console.log('time of the plain echo. Nothing that keeps every byte does better on this machine. The plain echo');
  console.log(`with the extension takes ${spreadOf(overFloor)} the time of that page (runs of three, back to back).`);
}

/**
 * The received text frame's floor (workloads.ts RECEIVE_FLOOR), in runs of three as above:
 * the plain push and the push whose page keeps every frame itself without the extension,
 * the plain push with it. Per frame, page time and the page thread's task time
 * (until quiet, so what a recorder puts off counts): what a listener that keeps every
 * frame costs here, and the extension over that.
 */
export async function printReceiveFloor(sides: Sides, rounds: number): Promise<void> {
  type Run = 'plain' | 'keeping' | 'extension';
  const runs: [Run, Side, boolean][] = [
    ['plain', sides.without, false],
    ['keeping', sides.without, true],
    ['extension', sides.withExt, false],
  ];
  const page: Record<Run, number>[] = [];
  const thread: Record<Run, number>[] = [];
  for (let i = 0; i < rounds; i++) {
    const pageRound = {} as Record<Run, number>;
    const threadRound = {} as Record<Run, number>;
    for (let j = 0; j < runs.length; j++) {
      const [name, side, keep] = runs[(i + j) % runs.length]!;
      await side.reload();
      const { result, thread: use } = await measured(side, () => RECEIVE_FLOOR.run(side.page, keep));
      pageRound[name] = result;
      threadRound[name] = use.untilQuiet;
    }
    page.push(pageRound);
    thread.push(threadRound);
  }
  const µs = (rounds: Record<Run, number>[], a: Run, b: Run) =>
    ((median(rounds.map((r) => r[a] - r[b])) * 1000) / RECEIVE_FLOOR.frames).toFixed(2);
  console.log(`\nThe floor under a received frame of "${RECEIVE_FLOOR.of}": without the extension, a page whose`);
  console.log("own listener keeps every frame's time and data. µs per frame, median of same-round differences,");
  console.log("page time / page thread's task time until quiet:");
  console.log(
    `  the keeping page over the plain one:      ${µs(page, 'keeping', 'plain')} / ${µs(thread, 'keeping', 'plain')}`,
  );
  console.log(
    `  the extension over the plain page:        ${µs(page, 'extension', 'plain')} / ${µs(thread, 'extension', 'plain')}`,
  );
  console.log(
    `  the extension over the keeping page:      ${µs(page, 'extension', 'keeping')} / ${µs(thread, 'extension', 'keeping')}`,
  );
}

/**
 * What a first write to fresh memory costs on this machine, measured in the page: the hook
 * copies every captured byte into memory it has not touched before (byte-pool.ts), so on a
 * machine where that is slow (virtual machines) the binary echo's ratio is higher.
 */
export async function printMemoryCost(side: Side): Promise<void> {
  const mib = 32;
  const times: { fresh: number; warm: number }[] = [];
  for (let i = 0; i < 5; i++) times.push(await inPage(side.page, 'touchMemory', mib));
  const fresh = median(times.map((t) => t.fresh));
  const warm = median(times.map((t) => t.warm));
  const pages = (mib * 1024 * 1024) / 4096;
  console.log(
    `\nFirst writes to fresh memory here: ${ms(fresh)} ms per ${mib} MiB (${((fresh * 1000) / pages).toFixed(2)} µs per 4 KiB page;` +
      ` ${ms(warm)} ms once touched). The binary echo copies 2 × 16 MiB into fresh memory.`,
  );
}
