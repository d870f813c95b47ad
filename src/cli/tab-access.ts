/**
 * Which tabs a tool may read or act on, and a tab's session as the tools see
 * it: read whole through the session client (one epoch), folded by the shared
 * reducer and decoded once. With `--tab` only the tabs named are served;
 * anything else is refused with a reason, never quietly shown.
 */
import { applyRecords, createSession, type Connection, type Session } from '../lib/session';
import type { SessionRecord } from '../protocol/schema';
import type { LensBrowser } from './lens-browser';
import { DecodedRecords } from './inspect/frame-query';
import { ToolError } from './mcp/results';

export interface TabSession {
  tabId: number;
  epoch: string;
  records: SessionRecord[];
  session: Session;
  decoded: DecodedRecords;
}

export class TabAccess {
  /** The tab the last page was opened in: the default when a call names none. */
  private lastOpened: number | undefined;

  constructor(
    private readonly lens: () => Promise<LensBrowser>,
    readonly allowed: readonly number[] | null,
  ) {}

  browser(): Promise<LensBrowser> {
    return this.lens();
  }

  may(tabId: number): boolean {
    return this.allowed === null || this.allowed.includes(tabId);
  }

  /** The tab a call means: the one it names (if allowed), else the only allowed one, else the last opened. */
  tab(tabId: number | undefined): number {
    if (tabId !== undefined) {
      if (!this.may(tabId))
        throw new ToolError(
          `Tab ${tabId} is not one this server was started for (--tab ${this.allowed!.join(', --tab ')}): it is refused.`,
        );
      return tabId;
    }
    if (this.allowed?.length === 1) return this.allowed[0]!;
    if (this.lastOpened !== undefined) return this.lastOpened;
    throw new ToolError('Give a tabId: list_tabs lists the tabs, open_page opens one.');
  }

  opened(tabId: number): void {
    this.lastOpened = tabId;
  }

  async load(tabId: number): Promise<TabSession> {
    const { client } = await this.lens();
    const slice = await client.readAll(tabId);
    const records = slice.records;
    // An empty session is either a quiet tab or no tab at all: only the browser knows which.
    if (records.length === 0 && !(await this.exists(tabId)))
      throw new ToolError(`No tab ${tabId} in this browser. list_tabs lists the tabs.`);
    return {
      tabId,
      epoch: slice.epoch,
      records,
      session: applyRecords(createSession(), records),
      decoded: new DecodedRecords(records),
    };
  }

  private async exists(tabId: number): Promise<boolean> {
    const lens = await this.lens();
    return (await lens.tabs()).some((tab) => tab.tabId === tabId);
  }

  /**
   * `tab` brought up to date: only the records after its last are read (and
   * decoded), so a wait that polls costs what arrived, not the whole session.
   * A new epoch (a new page, a clear) reads the tab again from the start.
   */
  async refresh(tab: TabSession): Promise<TabSession> {
    const { client } = await this.lens();
    const fresh: SessionRecord[] = [];
    for (;;) {
      const slice = await client.read(tab.tabId, { after: fresh.at(-1)?.seq ?? tab.records.at(-1)?.seq ?? -1 });
      if (slice.epoch !== tab.epoch) return this.load(tab.tabId);
      fresh.push(...slice.records);
      if (!slice.more || slice.records.length === 0) break;
    }
    if (fresh.length === 0) return tab;
    applyRecords(tab.session, fresh);
    tab.decoded.extend(fresh);
    tab.records = tab.decoded.records as SessionRecord[];
    return tab;
  }

  /** A connection of a loaded tab, or a ToolError naming what exists. */
  connection(tab: TabSession, conn: string): Connection {
    const found = tab.session.connections.get(conn);
    if (found) return found;
    const known = [...tab.session.connections.keys()];
    throw new ToolError(
      `No connection "${conn}" in tab ${tab.tabId}${known.length ? ` (it has ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})` : ' (it has no connections yet)'}. list_connections lists them.`,
    );
  }
}
