/**
 * The rows of the workload tables, from each side's runs. Runs of one round
 * are paired (with and without, DevTools and without): the median of the pairs'
 * ratios shrugs off a slow stretch of the machine that the ratio of medians
 * would not. CPU is the whole browser's; per MB divides by the payload bytes
 * the workload sent and received (MB = 10^6 bytes).
 */
import type { Run, Runs } from './schedule';
import type { Workload } from './workloads';
import { median, ms, ratio, ratioCells, spread } from './report';

const NONE = '—';
const times = (runs: Run[]) => runs.map((run) => run.pageMs);
const pairs = (runs: Run[], base: Run[], of: (a: Run, b: Run) => number) => runs.map((run, i) => of(run, base[i]!));
const timeRatios = (runs: Run[], base: Run[]) => pairs(runs, base, (a, b) => a.pageMs / b.pageMs);
const extraCpu = (runs: Run[], base: Run[]) => median(pairs(runs, base, (a, b) => a.cpu.totalMs - b.cpu.totalMs));

/** The median pair ratio, with the extension (what the worst ratio is picked by). */
export function extensionRatio(runs: Runs): number {
  return median(timeRatios(runs.with!, runs.without!));
}

export const TIME_HEADER = [
  'workload',
  'without',
  'with extension',
  'ratio',
  '95% interval',
  'middle half',
  'best runs',
  'DevTools recording',
  'ratio',
];

export function timeRow(workload: Workload, runs: Runs): string[] {
  const [without, withExt, devtools] = [runs.without!, runs.with!, runs.devtools];
  const pairRatios = timeRatios(withExt, without);
  return [
    workload.name,
    spread(times(without)),
    spread(times(withExt)),
    ...ratioCells(pairRatios),
    ratio(Math.min(...times(withExt)) / Math.min(...times(without))),
    devtools ? spread(times(devtools)) : NONE,
    devtools ? ratio(median(timeRatios(devtools, without))) : NONE,
  ];
}

export const CPU_HEADER = [
  'workload',
  'without',
  'with',
  'DevTools',
  'ext. extra',
  'ext. ms/MB',
  'in ext. processes',
  'DevTools extra',
  'DevTools ms/MB',
];

const perMb = (msValue: number, workload: Workload) => (workload.bytes ? ms(msValue / (workload.bytes / 1e6)) : NONE);

export function cpuRow(workload: Workload, runs: Runs): string[] {
  const [without, withExt, devtools] = [runs.without!, runs.with!, runs.devtools];
  const cpu = (side: Run[]) => ms(median(side.map((run) => run.cpu.totalMs)));
  const extExtra = extraCpu(withExt, without);
  const devtoolsExtra = devtools && extraCpu(devtools, without);
  return [
    workload.name,
    cpu(without),
    cpu(withExt),
    devtools ? cpu(devtools) : NONE,
    ms(extExtra),
    perMb(extExtra, workload),
    perMb(median(withExt.map((run) => run.cpu.extensionMs)), workload),
    devtoolsExtra === undefined ? NONE : ms(devtoolsExtra),
    devtoolsExtra === undefined ? NONE : perMb(devtoolsExtra, workload),
  ];
}

export const MARKDOWN_HEADER = [
  'workload',
  'without (ms)',
  'with (ms)',
  'ratio',
  'DevTools ratio',
  'ext. CPU (ms/MB)',
  'DevTools CPU (ms/MB)',
];

export function markdownRow(workload: Workload, runs: Runs): string[] {
  const time = timeRow(workload, runs);
  const [, without, withExt, r] = time;
  const devtoolsRatio = time[time.length - 1]; // the last column, whatever comes between
  const cpu = cpuRow(workload, runs);
  const medianOnly = (cell: string) => cell.split(' (')[0]!;
  // Markdown drops leading spaces: a lever row keeps its mark another way.
  const name = workload.name.replace(/^ {2}/, '↳ ');
  return [name, medianOnly(without!), medianOnly(withExt!), r!, devtoolsRatio!, cpu[5]!, cpu[8]!];
}
