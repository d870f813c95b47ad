/**
 * Commands from clients to one socket, and their answers.
 *
 *   client ──command(tabId, conn)──▶ CommandRouter ──{command, id', sid}──▶ the owning document's channel only
 *   client ◀──Promise (error code)── CommandRouter ◀──result(id', error?)── that channel
 *
 * The connection id `<doc>.<sid>` names the document that owns the socket;
 * the command goes to that document's capture channel and nowhere else, under
 * an id of our own (two clients may use the same ids), and only that channel
 * may answer it. A document whose channel is gone (the worker restarted since
 * it last spoke) is woken and gets the command once it says hello again.
 * Every command is answered: with the hook's result, or an error code when
 * the page is gone or does not answer in time. No transport here.
 */
import type { Command, CommandError } from '../protocol/actions';
import { COMMAND_TIMEOUT_MS } from '../protocol/limits';
import { serviceError, type ServiceError } from '../protocol/errors';
import type { TabSession } from './tab-session';

/** A source's way to reach one document's hook. */
export interface CommandChannel {
  command(id: number, sid: number, command: Command): void;
}

export interface CommandRouterDeps {
  /** The live channel of a document of a tab, if it is connected. */
  channelOf(tabId: number, docId: string): CommandChannel | undefined;
  /** Asks a document's relay to connect again. */
  wake(tabId: number, frameId: number | undefined, docId: string): void;
  /** Whether this worker saw the document's relay go (its page navigated or closed) and not come back. */
  isGone(tabId: number, docId: string): boolean;
  timeoutMs?: number;
}

export interface CommandRequest {
  tabId: number;
  conn: string;
  command: Command;
}

/** What a command came to: done, or an error with its code. */
export type CommandOutcome = ServiceError | undefined;

interface Pending {
  settle(outcome: CommandOutcome): void;
  /** Who asked: a client that goes away drops its commands. */
  owner: unknown;
  conn: string;
  tabId: number;
  docId: string;
  /** The channel the command went to; only it may answer. */
  channel: CommandChannel | null;
  timer: ReturnType<typeof setTimeout>;
}

export class CommandRouter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Commands whose document was not connected, until it says hello again (or they time out). */
  private waiting: { id: number; sid: number; command: Command }[] = [];
  private readonly timeoutMs: number;

  constructor(private readonly deps: CommandRouterDeps) {
    this.timeoutMs = deps.timeoutMs ?? COMMAND_TIMEOUT_MS;
  }

  /** Sends a command on; `session` is the tab's, undefined when the tab has none. Always settles. */
  run(request: CommandRequest, session: TabSession | undefined, owner?: unknown): Promise<CommandOutcome> {
    const owned = session?.knows(request.conn) ? session.ownerOf(request.conn) : undefined;
    if (!owned)
      return Promise.resolve(serviceError('unknown-socket', `no socket ${request.conn} in tab ${request.tabId}`));
    if (session!.isReadOnly(request.conn))
      return Promise.resolve(serviceError('read-only', `socket ${request.conn} is known only from its handshake`));
    if (this.deps.isGone(request.tabId, owned.docId))
      return Promise.resolve(serviceError('page-gone', `the page of socket ${request.conn} is gone`));
    return new Promise((settle) => {
      const id = this.nextId++;
      const timer = setTimeout(
        () => this.finish(id, serviceError('timeout', `the page did not answer within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
      const { tabId, conn, command } = request;
      const pending: Pending = { settle, owner, conn, tabId, docId: owned.docId, channel: null, timer };
      this.pending.set(id, pending);
      const channel = this.deps.channelOf(tabId, owned.docId);
      if (channel) this.dispatch(id, pending, channel, owned.sid, command);
      else {
        this.waiting.push({ id, sid: owned.sid, command });
        this.deps.wake(tabId, owned.frameId, owned.docId);
      }
    });
  }

  /** A document's channel said hello: send what waited for it. */
  channelReady(tabId: number, docId: string, channel: CommandChannel): void {
    const still: typeof this.waiting = [];
    for (const item of this.waiting) {
      const pending = this.pending.get(item.id);
      if (!pending) continue; // timed out meanwhile
      if (pending.tabId === tabId && pending.docId === docId)
        this.dispatch(item.id, pending, channel, item.sid, item.command);
      else still.push(item);
    }
    this.waiting = still;
  }

  /** A channel answered a command. */
  result(channel: CommandChannel, id: number, error?: CommandError, detail?: string): void {
    const pending = this.pending.get(id);
    if (!pending || pending.channel !== channel) return; // not ours to answer
    // The message is the browser's own words where it gave any ('failed'), else the code.
    this.finish(id, error === undefined ? undefined : serviceError(error, detail ?? error));
  }

  /** A channel closed: commands it had not answered fail now rather than at the timeout. */
  channelGone(channel: CommandChannel): void {
    for (const [id, pending] of this.pending)
      if (pending.channel === channel)
        this.finish(id, serviceError('page-gone', `the page of socket ${pending.conn} is gone`));
  }

  /** A client went away: nobody is left to tell. */
  ownerGone(owner: unknown): void {
    for (const [id, pending] of this.pending) {
      if (pending.owner !== owner) continue;
      clearTimeout(pending.timer);
      this.pending.delete(id);
    }
  }

  private dispatch(id: number, pending: Pending, channel: CommandChannel, sid: number, command: Command): void {
    pending.channel = channel;
    channel.command(id, sid, command);
  }

  private finish(id: number, outcome: CommandOutcome): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.settle(outcome);
  }
}
