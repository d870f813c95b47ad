/**
 * The panel's state, made from a client (src/client/) rather than imported:
 * `createPanelStore(client, tabId)` builds it, main.tsx hands it down by
 * context (store-context.ts), and a test can build one over a fake transport.
 *
 * It holds the captured data as the panel shows it: the session (connections,
 * folded by the shared reducer) and every record of the tab in seq order for
 * the timeline. Mutated in place for speed at high rates; `revision` tells
 * components that something changed, `base` that the record list was replaced
 * or shrunk (so derived rows must be rebuilt rather than extended). The
 * client resumes from the last record after a dropped link.
 *
 * Live records are applied on animation frames at most 100 ms apart, a few
 * milliseconds' worth at a time (frame-queue.ts): a flood costs the panel
 * short tasks, and ten renders a second, however fast records arrive.
 */
import { signal } from '@preact/signals';
import { applyRecords, createSession, recordsAfterCut, trimFrames, type Session } from '../lib/session';
import type { TabStatus } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import type { Command, PausedFrame, Rule } from '../protocol/actions';
import { CommandSchema } from '../protocol/actions';
import { parseWith } from '../protocol/schema';
import { ClientError, type LinkState, type SessionClient, type Subscription } from '../client/types';
import { errorText } from '../lib/error-text';
import { createFrameQueue } from './frame-queue';
import { connectionLabel } from './format';
import { createViewState } from './view-state';
import { replayCommandFor, type ReplaySpeed } from './replay/replay-command';

/** What the panel shows: the inspected tab live, or a log file imported read-only. */
export type ViewSource = { kind: 'live' } | { kind: 'import'; name: string; warnings: string[] };

/** Capture was paused at `pausedAt` and resumed at `resumedAt`; `afterSeq` is the last record before the pause. */
export interface PauseMark {
  pausedAt: number;
  resumedAt: number;
  afterSeq: number;
}

export interface ActionMessage {
  error: boolean;
  text: string;
}

/**
 * What the compare view compares: connection `a` of the view with another
 * connection of the view, or with one connection of a log file imported for
 * the comparison (it does not replace the view).
 */
export type CompareTarget =
  { kind: 'connection'; conn: string } | { kind: 'file'; name: string; records: SessionRecord[]; conn: string };
export interface CompareState {
  a: string;
  b: CompareTarget | null;
}

export type PanelStore = ReturnType<typeof createPanelStore>;

export function createPanelStore(client: SessionClient, tabId: number) {
  const session = signal<Session>(createSession());
  const records = signal<SessionRecord[]>([]);
  const base = signal(0);
  const revision = signal(0);
  const linkStatus = signal<LinkState>(client.state);
  const lastError = signal<string | null>(null);
  const tabStatus = signal<TabStatus | null>(null);
  const viewSource = signal<ViewSource>({ kind: 'live' });
  /** Frames of the tab paused at a breakpoint, waiting for Forward or Drop. */
  const pausedFrames = signal<PausedFrame[]>([]);
  /** What the last action did, for the panel to show (role=status, or role=alert for an error). */
  const actionMessage = signal<ActionMessage | null>(null);
  /** Pauses of capture seen while this panel was open, for markers in the timeline (not stored). */
  const pauseMarks = signal<PauseMark[]>([]);
  /** The compare view, while it is open. */
  const compare = signal<CompareState | null>(null);
  /** What the user looks at (selection, filter, selected message): this panel's own. */
  const view = createViewState();
  const { selection } = view;
  let pausedSince: { t: number; afterSeq: number } | null = null;
  let subscription: Subscription | null = null;
  let stopState: (() => void) | null = null;

  // While an imported log is shown the live tab's events are not applied; going back to live starts over.
  const live = () => viewSource.value.kind === 'live';
  const changed = () => {
    keepSelectionValid();
    revision.value++;
  };

  /** Selected connections that no longer exist are dropped; with none left, the first connection is selected. */
  const keepSelectionValid = () => {
    const connections = session.value.connections;
    const kept = [...selection.value].filter((id) => connections.has(id));
    if (kept.length === 0) {
      const first = connections.keys().next();
      if (!first.done) selection.value = new Set([first.value]);
      else if (selection.value.size > 0) selection.value = new Set();
    } else if (kept.length !== selection.value.size) {
      selection.value = new Set(kept);
    }
  };

  // Records wait here for the next animation frame; a status waits with them so it applies after them.
  let pendingStatus: TabStatus | null = null;
  const incoming = createFrameQueue<SessionRecord>({
    minGapMs: 100,
    apply(added) {
      applyRecords(session.value, added);
      for (const record of added) records.value.push(record);
    },
    done() {
      if (incoming.pending === 0 && pendingStatus) {
        const status = pendingStatus;
        pendingStatus = null;
        applyStatus(status);
      }
      changed();
    },
  });

  const applyStatus = (status: TabStatus) => {
    const lastSeq = records.value.at(-1)?.seq ?? -1;
    if (status.paused && !pausedSince) pausedSince = { t: Date.now(), afterSeq: lastSeq };
    if (!status.paused && pausedSince) {
      const mark = { pausedAt: pausedSince.t, resumedAt: Date.now(), afterSeq: pausedSince.afterSeq };
      pauseMarks.value = [...pauseMarks.value, mark];
      pausedSince = null;
    }
    tabStatus.value = status;
    const keptFrom = status.framesKeptFrom;
    if (keptFrom > session.value.framesKeptFrom) {
      trimFrames(session.value, keptFrom);
      records.value = recordsAfterCut(records.value, keptFrom);
      base.value++;
    }
  };

  /** A connection as the user knows it (its URL, shortened), for buttons and messages; never its internal id. */
  const nameOf = (conn: string): string => {
    const connection = session.value.connections.get(conn);
    return connection ? connectionLabel(connection.url) : 'the socket';
  };

  /** Runs a request; on failure says so in the toolbar. Returns whether it was done. */
  const request = async (run: () => Promise<void>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (error) {
      lastError.value = error instanceof ClientError ? errorText(error) : String(error);
      return false;
    }
  };

  /** Runs a command on one socket; resolves with null when done, else the error in the panel's words. */
  const runCommand = async (conn: string, command: Command): Promise<string | null> => {
    try {
      await client.command(tabId, conn, command);
      return null;
    } catch (error) {
      return error instanceof ClientError ? errorText(error, nameOf(conn)) : String(error);
    }
  };

  return {
    tabId,
    session,
    records,
    base,
    revision,
    linkStatus,
    lastError,
    tabStatus,
    viewSource,
    pausedFrames,
    actionMessage,
    pauseMarks,
    compare,
    view,

    /** Starts following the inspected tab: snapshot, then live. */
    connect(): void {
      stopState = client.onState((state) => (linkStatus.value = state));
      subscription = client.subscribe(tabId, {
        reset() {
          if (!live()) return;
          incoming.clear();
          pendingStatus = null;
          pauseMarks.value = [];
          session.value = createSession();
          records.value = [];
          base.value++;
          changed();
        },
        records(added) {
          if (live()) incoming.push(added);
        },
        status(status) {
          if (!live()) return;
          if (incoming.pending > 0) return void (pendingStatus = status);
          applyStatus(status);
          changed();
        },
        pauses(pauses) {
          if (live()) pausedFrames.value = pauses;
        },
        error(error) {
          lastError.value = errorText(error);
        },
      });
    },

    dispose(): void {
      stopState?.();
      subscription?.close();
    },

    runCommand,
    nameOf,

    /** Runs a command and shows its outcome: `done` on success, the error in words on failure. */
    async act(conn: string, command: Command, done: string): Promise<boolean> {
      // The service would refuse an invalid command with a bare code: say what is wrong here, at once.
      const valid = parseWith(CommandSchema, command);
      const error = valid.ok ? await runCommand(conn, command) : valid.error;
      actionMessage.value = error === null ? { error: false, text: done } : { error: true, text: `Failed: ${error}` };
      return error === null;
    },

    /**
     * "Replay connection": the page of `conn` opens a new socket to its URL and
     * sends its recorded client frames (src/page/replay.ts). The replay shows
     * up as a new connection marked `replayOf`, listed after the original.
     */
    async replay(conn: string, speed: ReplaySpeed): Promise<boolean> {
      const connection = session.value.connections.get(conn);
      if (!connection) return false;
      const choice = replayCommandFor(connection, live(), speed);
      if (!choice.ok) {
        actionMessage.value = { error: true, text: choice.reason };
        return false;
      }
      const error = await runCommand(conn, choice.command);
      actionMessage.value =
        error === null
          ? {
              error: false,
              text: `Replaying ${nameOf(conn)}: ${choice.sends} frame${choice.sends === 1 ? '' : 's'} to send`,
            }
          : { error: true, text: `Replay failed: ${error}` };
      return error === null;
    },

    setPaused: (paused: boolean) => request(() => client.setPaused(tabId, paused)),
    clear: () => request(() => client.clear(tabId)),
    setPreserveLog: (value: boolean) => request(() => client.setPreserveLog(value)),
    setAllHandshakeHeaders: (value: boolean) => request(() => client.setAllHandshakeHeaders(value)),
    setRules: (rules: Rule[]) => request(() => client.setRules(tabId, rules)),
    /** Deep capture of the tab's workers: the status says when it is on (or why it ended). */
    setDeepCapture: (on: boolean) => request(() => client.setDeepCapture(tabId, on)),

    /** Shows an imported log in place of the live session (read-only); the live session stays in the background. */
    showImported(name: string, imported: SessionRecord[], warnings: string[]): void {
      incoming.clear();
      pendingStatus = null;
      viewSource.value = { kind: 'import', name, warnings };
      session.value = applyRecords(createSession(), imported);
      records.value = [...imported].sort((a, b) => a.seq - b.seq);
      tabStatus.value = null;
      compare.value = null;
      selection.value = new Set();
      base.value++;
      changed();
    },

    /** Leaves an imported log: the live session comes back whole. */
    leaveImported(): void {
      viewSource.value = { kind: 'live' };
      compare.value = null;
      subscription?.restart();
    },
  };
}
