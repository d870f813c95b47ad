import { describe, expect, it } from 'vitest';
import type { Connection } from '../lib/session';
import { testConnection } from '../lib/testing';
import { besideOriginals, DEFAULT_CONNECTION_VIEW, duration, visibleConnections } from './connections';

const connection = (id: string, patch: Partial<Connection>): Connection =>
  testConnection({ id, frameUrl: 'http://x/', url: `ws://x/${id}`, state: 'open', ...patch });

const a = connection('alpha', { createdAt: 1, openedAt: 2, sent: { count: 5, bytes: 50 } });
const b = connection('beta', {
  createdAt: 2,
  state: 'closed',
  openedAt: 3,
  closedAt: 13,
  received: { count: 1, bytes: 500 },
});
const c = connection('gamma', { createdAt: 3 });

const ids = (list: Connection[]) => list.map((x) => x.id);

describe('visibleConnections', () => {
  it('keeps creation order by default', () => {
    expect(ids(visibleConnections([c, a, b], DEFAULT_CONNECTION_VIEW))).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('filters by URL text, case-insensitively, and hides closed ones on request', () => {
    expect(ids(visibleConnections([a, b, c], { ...DEFAULT_CONNECTION_VIEW, urlFilter: 'ETA' }))).toEqual(['beta']);
    expect(ids(visibleConnections([a, b, c], { ...DEFAULT_CONNECTION_VIEW, hideClosed: true }))).toEqual([
      'alpha',
      'gamma',
    ]);
  });

  it('sorts by frames, bytes and duration, either way, ties in creation order', () => {
    const view = { ...DEFAULT_CONNECTION_VIEW };
    expect(ids(visibleConnections([a, b, c], { ...view, sort: 'frames', descending: true }))).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(ids(visibleConnections([a, b, c], { ...view, sort: 'bytes' }))).toEqual(['gamma', 'alpha', 'beta']);
    expect(ids(visibleConnections([a, b, c], { ...view, sort: 'duration' }, 100))).toEqual(['gamma', 'beta', 'alpha']);
  });
});

describe('duration', () => {
  it('is 0 before open, up to now while open, and fixed once closed', () => {
    expect(duration(c, 100)).toBe(0);
    expect(duration(a, 100)).toBe(98);
    expect(duration(b, 100)).toBe(10);
  });
});

describe('besideOriginals', () => {
  it('puts each replay right after its original, whatever the sort, and keeps everyone in a loop of replays', () => {
    const replay = connection('replay', { createdAt: 9, replayOf: 'alpha' });
    const again = connection('again', { createdAt: 10, replayOf: 'replay' });
    expect(ids(visibleConnections([a, b, c, replay, again], DEFAULT_CONNECTION_VIEW))).toEqual([
      'alpha',
      'replay',
      'again',
      'beta',
      'gamma',
    ]);
    const byUrlDesc = { ...DEFAULT_CONNECTION_VIEW, sort: 'url' as const, descending: true };
    expect(ids(visibleConnections([a, b, c, replay], byUrlDesc))).toEqual(['gamma', 'beta', 'alpha', 'replay']);
    // The original filtered out: the replay stands where its own sort puts it.
    expect(ids(besideOriginals([b, replay]))).toEqual(['beta', 'replay']);
    const x = connection('x', { replayOf: 'y' });
    const y = connection('y', { replayOf: 'x' });
    expect(ids(besideOriginals([x, y, a]))).toEqual(['alpha', 'x', 'y']);
  });
});
