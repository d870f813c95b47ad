/**
 * What keeping bytes costs on this machine, without the extension: the floor
 * under the binary echo, and what a first write to fresh memory costs.
 */
import type { Side, Sides } from './sides';
import { FLOOR, inPage, RECEIVE_FLOOR, type Keep } from './workloads';
import { median, ms, ratioCells, table } from './report';
import { measured } from './schedule';

type Run = 'plain' | 'keeping' | 'extension';
/** The binary floor's runs: the keeping page also keeps in a listener of its own. */
type FloorRun = Run | 'listening';

/**
 * `rounds` rounds of `runs`, back to back, each round starting with a different one. `run`
 * measures one (on its side, with its way of keeping) on a freshly loaded side and leaves it quiet.
 */
async function roundsOf<N extends string, K, T>(
  rounds: number,
  runs: [N, Side, K][],
  run: (side: Side, keep: K) => Promise<T>,
): Promise<Record<N, T>[]> {
  const results: Record<N, T>[] = [];
  for (let i = 0; i < rounds; i++) {
    const round = {} as Record<N, T>;
    for (let j = 0; j < runs.length; j++) {
      const [name, side, keep] = runs[(i + j) % runs.length]!;
      await side.reload();
      round[name] = await run(side, keep);
    }
    results.push(round);
  }
  return results;
}

/**
 * Runs of three: the plain workload and the one whose page keeps every frame itself without
 * the extension, the plain one with it.
 */
const threeRuns = (sides: Sides): [Run, Side, boolean][] => [
  ['plain', sides.without, false],
  ['keeping', sides.without, true],
  ['extension', sides.withExt, false],
];

/**
 * The binary echo's floor on this machine (workloads.ts FLOOR), in runs of four: what
 * keeping every byte costs a page here, and the extension measured against that rather
 * than against a page that keeps nothing. The page keeps what it receives in the handler
 * it has anyway, and, as a recorder that is not the page's own code must, in a listener
 * of its own (the floor under a received frame below keeps its frames that way too).
 * One run of this echo scatters by a fifth (a collection lands in it or not), so it takes
 * more rounds than the table's rows to tell a few per cent apart: the 95% interval of the
 * median says whether they did.
 */
export async function printFloor(sides: Sides, rounds: number): Promise<void> {
  const runs: [FloorRun, Side, Keep][] = [
    ['plain', sides.without, false],
    ['keeping', sides.without, true],
    ['listening', sides.without, 'listener'],
    ['extension', sides.withExt, false],
  ];
  const times = await roundsOf(rounds, runs, async (side, keep) => {
    const time = await FLOOR.run(side.page, keep);
    // The relay and the worker finish with the bytes before the other browser's turn (see schedule.ts).
    await side.settledCpu();
    return time;
  });
  /** The median of `a` / `b` over the rounds, its 95% interval and its middle half. */
  const row = (label: string, a: FloorRun, b: FloorRun) => [
    label,
    ...ratioCells(times.map((round) => round[a] / round[b])),
  ];
  console.log(`\nThe floor under "${FLOOR.of}": without the extension, a page that keeps a copy`);
  console.log('of every frame it sends and receives, in fresh memory (what it receives in its handler, or in a');
  console.log('listener of its own). Nothing that keeps every byte does better on this machine. Ratios of page');
  console.log(`times within each of ${rounds} runs of four, back to back:\n`);
  console.log(
    table(
      ['', 'median', '95% interval of the median', 'middle half'],
      [
        row('the keeping page over the plain echo', 'keeping', 'plain'),
        row('the same, keeping in its own listener', 'listening', 'plain'),
        row('the extension over the keeping page', 'extension', 'keeping'),
        row('the same, over the own listener', 'extension', 'listening'),
        row('the extension over the plain echo', 'extension', 'plain'),
      ],
    ),
  );
}

/**
 * The received text frame's floor (workloads.ts RECEIVE_FLOOR), in runs of three. Per
 * frame, page time and the page thread's task time (until quiet, so what a recorder puts
 * off counts): what a listener that keeps every frame costs here, and the extension over that.
 */
export async function printReceiveFloor(sides: Sides, rounds: number): Promise<void> {
  const runs = await roundsOf(rounds, threeRuns(sides), (side, keep) =>
    measured(side, () => RECEIVE_FLOOR.run(side.page, keep)),
  );
  const page = runs.map((round) => mapRound(round, (run) => run.result));
  const thread = runs.map((round) => mapRound(round, (run) => run.thread.untilQuiet));
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

function mapRound<T>(round: Record<Run, T>, of: (value: T) => number): Record<Run, number> {
  return { plain: of(round.plain), keeping: of(round.keeping), extension: of(round.extension) };
}
