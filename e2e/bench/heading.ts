/** The line above a Markdown table of bench figures: what they were measured on. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { Sides } from './sides';

/** What the figures were measured on: date, commit, Chromium, load, mode. */
export async function figuresHeading(sides: Sides, runs: number, mode: string): Promise<string> {
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // Figures from uncommitted code say so.
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim())
      commit += ' (with local changes)';
  } catch {
    // Not a git checkout.
  }
  const { product } = await sides.without.page.send<{ product: string }>('Browser.getVersion');
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load = loadavg()[0]!.toFixed(2);
  return `${date} UTC, commit ${commit}, ${product}, ${cpus().length} cores, load ${load}, ${runs} runs per side, ${mode}`;
}
