/**
 * The captured data as the panel holds it: the session (connections, folded by
 * the shared reducer) and every record of the tab in seq order for the
 * timeline. Mutated in place for speed at high rates; `revision` tells
 * components that something changed, `base` that the record list was replaced
 * or shrunk (so derived rows must be rebuilt rather than extended).
 * `epoch` and the last seq let a reconnecting panel ask only for what it missed.
 */
import { signal } from '@preact/signals';
import { applyRecords, createSession, recordsAfterCut, trimFrames, type Session } from '../lib/session';
import type { PanelEvent, TabStatus } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import type { PausedFrame } from '../protocol/actions';
import { selection } from './view-state';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

/** What the panel shows: the inspected tab live, or a log file imported read-only. */
export type ViewSource = { kind: 'live' } | { kind: 'import'; name: string; warnings: string[] };

export const session = signal<Session>(createSession());
export const records = signal<SessionRecord[]>([]);
export const base = signal(0);
export const revision = signal(0);
export const linkStatus = signal<LinkStatus>('connecting');
export const lastError = signal<string | null>(null);
export const tabStatus = signal<TabStatus | null>(null);
export const viewSource = signal<ViewSource>({ kind: 'live' });
/** Frames of the tab paused at a breakpoint, waiting for Forward or Drop. */
export const pausedFrames = signal<PausedFrame[]>([]);

let epoch: string | null = null;
let lastSeq = -1;

/** Where a reconnecting panel resumes. */
export function resumePoint(): { epoch: string; after: number } | undefined {
  return epoch === null ? undefined : { epoch, after: lastSeq };
}

export function applyPanelEvent(event: PanelEvent): void {
  // While an imported log is shown the live tab's events are not applied; going back to live resubscribes.
  if (viewSource.value.kind === 'import' && event.type !== 'error') return;
  switch (event.type) {
    case 'reset':
      epoch = event.epoch;
      lastSeq = -1;
      session.value = createSession();
      records.value = [];
      base.value++;
      break;
    case 'records': {
      if (event.epoch !== epoch) return;
      applyRecords(session.value, event.records);
      for (const record of event.records) records.value.push(record);
      const last = event.records.at(-1);
      if (last) lastSeq = last.seq;
      break;
    }
    case 'status': {
      tabStatus.value = event.status;
      const keptFrom = event.status.framesKeptFrom;
      if (keptFrom > session.value.framesKeptFrom) {
        trimFrames(session.value, keptFrom);
        records.value = recordsAfterCut(records.value, keptFrom);
        base.value++;
      }
      break;
    }
    case 'error':
      lastError.value = event.message;
      return;
    case 'pauses':
      pausedFrames.value = event.pauses;
      return;
    case 'result':
      return; // settled by background-link
  }
  keepSelectionValid();
  revision.value++;
}

/** Selected connections that no longer exist are dropped; with none left, the first connection is selected. */
function keepSelectionValid(): void {
  const connections = session.value.connections;
  const kept = [...selection.value].filter((id) => connections.has(id));
  if (kept.length === 0) {
    const first = connections.keys().next();
    if (!first.done) selection.value = new Set([first.value]);
    else if (selection.value.size > 0) selection.value = new Set();
  } else if (kept.length !== selection.value.size) {
    selection.value = new Set(kept);
  }
}

/** Shows an imported log in place of the live session (read-only); the live session stays in the background. */
export function showImported(name: string, imported: SessionRecord[], warnings: string[]): void {
  viewSource.value = { kind: 'import', name, warnings };
  epoch = null;
  lastSeq = -1;
  session.value = applyRecords(createSession(), imported);
  records.value = [...imported].sort((a, b) => a.seq - b.seq);
  tabStatus.value = null;
  selection.value = new Set();
  base.value++;
  keepSelectionValid();
  revision.value++;
}

/** Leaves an imported log: the next subscribe (without a resume point) brings the live session back whole. */
export function leaveImported(): void {
  viewSource.value = { kind: 'live' };
  epoch = null;
  lastSeq = -1;
}
