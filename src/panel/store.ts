/**
 * Panel state as signals. The session object is mutated in place by the shared
 * reducer (cheap at high rates); `revision` tells components that it changed.
 */
import { signal } from '@preact/signals';
import { applyRecords, createSession, type Session } from '../lib/session';
import type { PanelEvent } from '../protocol/schema';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

export const session = signal<Session>(createSession());
export const revision = signal(0);
export const selectedId = signal<string | null>(null);
export const linkStatus = signal<LinkStatus>('connecting');
export const lastError = signal<string | null>(null);

export function applyPanelEvent(event: PanelEvent): void {
  switch (event.type) {
    case 'snapshot':
      session.value = applyRecords(createSession(), event.records);
      if (selectedId.value && !session.value.connections.has(selectedId.value)) selectedId.value = null;
      break;
    case 'records':
      applyRecords(session.value, event.records);
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
