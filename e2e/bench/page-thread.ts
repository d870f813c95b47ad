/**
 * Time the page's renderer thread spent in tasks (CDP `Performance` metrics,
 * `TaskDuration`): the page's script, the hook and the relay (one thread) and
 * Blink's own work for them. Unlike page time, which a server's pace sets
 * for a push, this is the recorder's cost to the page itself, and it shows
 * what the recorder put off until a flood calms (held batches posted later).
 */
import type { CdpClient } from '../../src/cli/cdp';

export interface ThreadUse {
  /** ms from the start of the run to its end. */
  during: number;
  /** ms from the start of the run until the browser was quiet after it. */
  untilQuiet: number;
}

const enabled = new WeakSet<CdpClient>();

/** The thread's task time so far, ms. */
export async function threadMs(page: CdpClient): Promise<number> {
  if (!enabled.has(page)) {
    // Thread ticks: CPU time of the thread, not wall time (where waiting for a core would count).
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    enabled.add(page);
  }
  const { metrics } = await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
  const task = metrics.find((metric) => metric.name === 'TaskDuration');
  if (!task) throw new Error('Performance.getMetrics has no TaskDuration');
  return task.value * 1000;
}
