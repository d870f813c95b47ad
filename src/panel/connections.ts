/** Sorting and filtering of the connections list (pure, unit-tested). */
import type { Connection } from '../lib/session';
import { stateLabel } from './format';

export type SortKey = 'created' | 'url' | 'state' | 'frames' | 'bytes' | 'duration';
export interface ConnectionView {
  urlFilter: string;
  hideClosed: boolean;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_CONNECTION_VIEW: ConnectionView = {
  urlFilter: '',
  hideClosed: false,
  sort: 'created',
  descending: false,
};

const frames = (c: Connection) => c.sent.count + c.received.count;
const bytes = (c: Connection) => c.sent.bytes + c.received.bytes;

/** How long the connection was (or has been, at `now`) open; 0 if it never opened. */
export function duration(c: Connection, now: number): number {
  if (c.openedAt === undefined) return 0;
  return (c.closedAt ?? now) - c.openedAt;
}

const compare: Record<SortKey, (a: Connection, b: Connection, now: number) => number> = {
  created: (a, b) => a.createdAt - b.createdAt,
  url: (a, b) => a.url.localeCompare(b.url),
  state: (a, b) => stateLabel(a).localeCompare(stateLabel(b)),
  frames: (a, b) => frames(a) - frames(b),
  bytes: (a, b) => bytes(a) - bytes(b),
  duration: (a, b, now) => duration(a, now) - duration(b, now),
};

export function visibleConnections(all: Iterable<Connection>, view: ConnectionView, now = Date.now()): Connection[] {
  const needle = view.urlFilter.trim().toLowerCase();
  const shown = [...all].filter(
    (c) => (!needle || c.url.toLowerCase().includes(needle)) && !(view.hideClosed && c.state === 'closed'),
  );
  const order = compare[view.sort];
  // Ties keep creation order, so the list does not jump around while live.
  shown.sort((a, b) => (view.descending ? -1 : 1) * order(a, b, now) || a.createdAt - b.createdAt);
  return besideOriginals(shown);
}

/** Each replay moved right after the connection it replays (when that is listed), so the two read side by side. */
export function besideOriginals(list: Connection[]): Connection[] {
  const listed = new Set(list.map((c) => c.id));
  const replays = new Map<string, Connection[]>();
  for (const c of list)
    if (c.replayOf && listed.has(c.replayOf)) replays.set(c.replayOf, [...(replays.get(c.replayOf) ?? []), c]);
  if (replays.size === 0) return list;
  const out: Connection[] = [];
  const placed = new Set<string>();
  const place = (c: Connection) => {
    if (placed.has(c.id)) return;
    placed.add(c.id);
    out.push(c);
    for (const replay of replays.get(c.id) ?? []) place(replay);
  };
  for (const c of list) if (!(c.replayOf && listed.has(c.replayOf))) place(c);
  for (const c of list) place(c); // an imported log's loop of replays still lists everyone
  return out;
}
