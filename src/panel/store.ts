/**
 * Panel state as signals. The session object is mutated in place by the shared
 * reducer (cheap at high rates); `revision` tells components that it changed.
 * `epoch` and `lastSeq` let a reconnecting panel ask only for what it missed.
 */
import { signal } from '@preact/signals';
import { applyRecords, createSession, trimFrames, type Session } from '../lib/session';
import type { PanelEvent, TabStatus } from '../protocol/messages';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

export const session = signal<Session>(createSession());
export const revision = signal(0);
export const selectedId = signal<string | null>(null);
export const linkStatus = signal<LinkStatus>('connecting');
export const lastError = signal<string | null>(null);
export const tabStatus = signal<TabStatus | null>(null);

let epoch: string | null = null;
let lastSeq = -1;

/** Where a reconnecting panel resumes. */
export function resumePoint(): { epoch: string; after: number } | undefined {
  return epoch === null ? undefined : { epoch, after: lastSeq };
}

export function applyPanelEvent(event: PanelEvent): void {
  switch (event.type) {
    case 'reset':
      epoch = event.epoch;
      lastSeq = -1;
      session.value = createSession();
      selectedId.value = null;
      break;
    case 'records': {
      if (event.epoch !== epoch) return;
      applyRecords(session.value, event.records);
      const last = event.records.at(-1);
      if (last) lastSeq = last.seq;
      break;
    }
    case 'status':
      tabStatus.value = event.status;
      trimFrames(session.value, event.status.framesKeptFrom);
      break;
    case 'error':
      lastError.value = event.message;
      return;
  }
  if (selectedId.value === null) {
    const first = session.value.connections.keys().next();
    if (!first.done) selectedId.value = first.value;
  }
  revision.value++;
}
