/**
 * Commands from panels to one socket, and their answers.
 *
 *   panel ──{command, id, tabId, conn}──▶ CommandRouter ──{command, id', sid}──▶ the owning relay only
 *   panel ◀──{result, id, error?}──────── CommandRouter ◀──{result, id', error?}── that relay
 *
 * The connection id `<doc>.<sid>` names the document that owns the socket;
 * the command goes to that document's relay port and nowhere else, under an
 * id of our own (two panels may use the same ids), and only that port may
 * answer it. A document whose port is gone (the worker restarted since it
 * last spoke) is woken and gets the command once it says hello again. Every
 * command is answered: with the hook's result, or an error when the page is
 * gone or does not answer in time.
 */
import type { Runtime } from 'webextension-polyfill';
import { COMMAND_TIMEOUT_MS, commandErrorText, type Command, type CommandError } from '../protocol/actions';
import type { PanelEvent, RelayControl } from '../protocol/messages';
import type { TabSession } from './tab-session';

export interface CommandRouterDeps {
  /** The live relay port of a document of a tab, if it is connected. */
  relayOf(tabId: number, docId: string): Runtime.Port | undefined;
  /** Asks a document's relay to connect again. */
  wake(tabId: number, frameId: number | undefined, docId: string): void;
  /** Whether this worker saw the document's relay go (its page navigated or closed) and not come back. */
  isGone(tabId: number, docId: string): boolean;
  toPanel(port: Runtime.Port, event: PanelEvent): void;
  toRelay(port: Runtime.Port, control: RelayControl): void;
  timeoutMs?: number;
}

export interface CommandRequest {
  id: number;
  tabId: number;
  conn: string;
  command: Command;
}

interface Pending {
  panel: Runtime.Port;
  panelId: number;
  conn: string;
  tabId: number;
  docId: string;
  /** The relay port the command went to; only it may answer. */
  relay: Runtime.Port | null;
  timer: ReturnType<typeof setTimeout>;
}

export class CommandRouter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Commands whose relay was not connected, until it says hello again (or they time out). */
  private waiting: { id: number; sid: number; command: Command }[] = [];
  private readonly timeoutMs: number;

  constructor(private readonly deps: CommandRouterDeps) {
    this.timeoutMs = deps.timeoutMs ?? COMMAND_TIMEOUT_MS;
  }

  /** Sends a panel's command on; `session` is the tab's, undefined when the tab has none. */
  run(panel: Runtime.Port, request: CommandRequest, session: TabSession | undefined): void {
    const owner = session?.knows(request.conn) ? session.ownerOf(request.conn) : undefined;
    if (!owner)
      return this.deps.toPanel(panel, { type: 'result', id: request.id, error: 'no such socket in this tab' });
    if (this.deps.isGone(request.tabId, owner.docId)) {
      const error = `socket ${request.conn} is closed: its page is gone`;
      return this.deps.toPanel(panel, { type: 'result', id: request.id, error });
    }
    const id = this.nextId++;
    const timer = setTimeout(
      () => this.finish(id, `timeout: the page did not answer within ${this.timeoutMs / 1000} s`),
      this.timeoutMs,
    );
    const { tabId, conn, command } = request;
    const pending: Pending = { panel, panelId: request.id, conn, tabId, docId: owner.docId, relay: null, timer };
    this.pending.set(id, pending);
    const port = this.deps.relayOf(tabId, owner.docId);
    if (port) this.dispatch(id, pending, port, owner.sid, command);
    else {
      this.waiting.push({ id, sid: owner.sid, command });
      this.deps.wake(tabId, owner.frameId, owner.docId);
    }
  }

  /** A relay said hello: send what waited for it. */
  relayReady(tabId: number, docId: string, port: Runtime.Port): void {
    const still: typeof this.waiting = [];
    for (const item of this.waiting) {
      const pending = this.pending.get(item.id);
      if (!pending) continue; // timed out meanwhile
      if (pending.tabId === tabId && pending.docId === docId)
        this.dispatch(item.id, pending, port, item.sid, item.command);
      else still.push(item);
    }
    this.waiting = still;
  }

  /** A relay answered a command. */
  result(port: Runtime.Port, id: number, error?: CommandError, detail?: string): void {
    const pending = this.pending.get(id);
    if (!pending || pending.relay !== port) return; // not ours to answer
    this.finish(id, error === undefined ? undefined : commandErrorText(error, pending.conn, detail));
  }

  /** A relay's port closed: commands it had not answered fail now rather than at the timeout. */
  relayGone(port: Runtime.Port): void {
    for (const [id, pending] of this.pending)
      if (pending.relay === port)
        this.finish(id, `no such socket in this tab: the page of socket ${pending.conn} is gone`);
  }

  /** A panel went away: nobody is left to tell. */
  panelGone(panel: Runtime.Port): void {
    for (const [id, pending] of this.pending) {
      if (pending.panel !== panel) continue;
      clearTimeout(pending.timer);
      this.pending.delete(id);
    }
  }

  private dispatch(id: number, pending: Pending, port: Runtime.Port, sid: number, command: Command): void {
    pending.relay = port;
    this.deps.toRelay(port, { type: 'command', id, sid, command });
  }

  private finish(id: number, error: string | undefined): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    this.deps.toPanel(pending.panel, {
      type: 'result',
      id: pending.panelId,
      ...(error === undefined ? {} : { error }),
    });
  }
}
