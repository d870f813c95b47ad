/**
 * Test fixtures for the service: a store that keeps nothing (or fails on
 * demand), a service over it with one page document, and wire records.
 */
import type { StoreDb } from './store-db';
import { SessionService, type CaptureChannel, type CaptureDocument } from './session-service';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import type { Command } from '../protocol/actions';

export const DOC = 'aaaaaaaa-0000-4000-8000-00000000000a';
export const TAB = 7;

/** An IndexedDB stand-in: writes succeed at once and are forgotten. */
export function fakeStore(): StoreDb {
  const store = {
    loadAll: () => Promise.resolve([]),
    write: () => Promise.resolve(),
    deleteTab: () => Promise.resolve(),
  };
  return store as unknown as StoreDb;
}

export const createRecord = (sid: number) => ({
  kind: 'create',
  sid,
  t: 1,
  url: `wss://x.test/${sid}`,
  protocols: [],
  stack: '',
  frameUrl: 'https://x.test/',
});

export const textFrame = (sid: number, data: string) => ({
  kind: 'frame',
  sid,
  t: 2,
  dir: 'received',
  type: 'text',
  data,
  size: data.length,
  truncated: false,
});

export interface ServiceWorld {
  service: SessionService;
  document: CaptureDocument;
  /** Commands the document's hook was sent. */
  commands: { id: number; sid: number; command: Command }[];
  /** Ingests wire records as the relay would, numbered on from the last. */
  feed(...records: unknown[]): void;
}

export async function serviceWorld(): Promise<ServiceWorld> {
  const service = await SessionService.start({
    db: fakeStore(),
    settings: DEFAULT_SETTINGS,
    liveTabs: [TAB],
    saveSettings: () => Promise.resolve(),
    wake: () => {},
  });
  const commands: ServiceWorld['commands'] = [];
  const channel: CaptureChannel = {
    capture: () => {},
    rules: () => {},
    command: (id, sid, command) => void commands.push({ id, sid, command }),
  };
  const document = service.openDocument({ source: 'hook', tabId: TAB, frameId: 0, docId: DOC, url: '' }, channel);
  let next = 0;
  return {
    service,
    document,
    commands,
    feed(...records) {
      document.ingest(next, records, () => {});
      next += records.length;
    },
  };
}
