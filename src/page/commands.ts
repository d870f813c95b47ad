/**
 * Commands from DevTools to one socket of this document, found by its sid in
 * the hook's registry (a Map kept in the hook's closure, never reachable from
 * the page, entries removed when the socket closes). The socket is driven with
 * the natives captured at document_start, so no page wrapper runs and nothing
 * goes through our own Proxy traps.
 */
import type { CommandError, HookCommand } from '../protocol/actions';
import type { HookRecord } from '../protocol/schema';
import { call, natives } from './natives';
import type { Intercept } from './intercept';
import type { RecordFrame, Tracked } from './tracked';
import { startReplay } from './replay';

const CONNECTING = 0;
const OPEN = 1;
/** What the real socket sends the server when the page is shown a simulated close. */
const SIMULATED_CLOSE_REASON = 'closed for a simulated close (WebSocket Lens)';

export interface CommandResult {
  error?: CommandError;
  detail?: string;
}

export interface CommandDeps {
  registry: Map<number, Tracked>;
  /** The next sid to be given: anything below it existed once. */
  nextSid(): number;
  intercept: Intercept;
  record: RecordFrame;
  emit(tracked: Tracked, record: HookRecord): void;
  now(): number;
  /** A new socket of this document made with the native constructor, tracked, its create marked `replayOf`. */
  openSocket(url: string, protocols: string[], replayOf: string): Tracked;
  failed(): void;
}

/**
 * Shows the page a close it did not get from the server (a drop: 1006, not
 * clean). The real socket closes too, so its state agrees with what the page
 * is shown; its own close event is then replaced by the simulated one (hook.ts).
 */
export function simulateClose(deps: CommandDeps, tracked: Tracked, code: number, reason: string, wasClean: boolean) {
  tracked.simulatedClose = { code, reason, wasClean };
  call(natives.socketClose, tracked.socket, 1000, SIMULATED_CLOSE_REASON);
  deps.emit(tracked, {
    kind: 'closing',
    sid: tracked.sid,
    t: deps.now(),
    code: 1000,
    reason: SIMULATED_CLOSE_REASON,
    origin: 'simulated',
  });
}

/** Closes a socket with the native close(code, reason), as the server will see it, and records that DevTools did. */
function closeFromDevtools(deps: CommandDeps, tracked: Tracked, code: number | undefined, reason: string | undefined) {
  const args = code === undefined ? [] : reason === undefined ? [code] : [code, reason];
  natives.apply(natives.socketClose, tracked.socket, args);
  tracked.closedFromDevtools = true;
  const closing: HookRecord = { kind: 'closing', sid: tracked.sid, t: deps.now(), origin: 'devtools' };
  if (code !== undefined) closing.code = code;
  if (reason !== undefined) closing.reason = reason;
  deps.emit(tracked, closing);
}

export function runCommand(deps: CommandDeps, sid: number, command: HookCommand): CommandResult {
  if (command.type === 'resume') {
    const decision =
      command.action === 'drop' ? { action: command.action } : { action: command.action, data: command.data };
    return deps.intercept.resume(sid, command.pause, decision) ? {} : { error: 'no-pause' };
  }
  // A replay makes a socket of its own: the one it replays may be long closed.
  if (command.type === 'replay') {
    try {
      startReplay(deps, command, (tracked, code, reason) => closeFromDevtools(deps, tracked, code, reason));
      return {};
    } catch {
      return { error: 'failed', detail: 'the WebSocket constructor threw' };
    }
  }
  const tracked = call(natives.mapGet, deps.registry, sid) as Tracked | undefined;
  if (!tracked) return { error: sid < deps.nextSid() ? 'closed' : 'unknown-socket' };
  const socket = tracked.socket;
  const state = call(natives.socketReadyState, socket);
  if (state > OPEN) return { error: 'closed' };
  if (state === CONNECTING && command.type !== 'close') return { error: 'not-open' };
  try {
    switch (command.type) {
      case 'send':
        call(natives.socketSend, socket, command.data);
        deps.record(tracked, 'sent', command.data, { origin: 'devtools' });
        return {};
      case 'simulate':
        deps.intercept.simulate(tracked, command.data);
        return {};
      case 'close':
        closeFromDevtools(deps, tracked, command.code, command.reason);
        return {};
      case 'simulate-close':
        simulateClose(deps, tracked, command.code, command.reason, command.wasClean);
        return {};
    }
  } catch {
    // The session service validated code and reason, so the native has no reason to throw; say so if it does.
    return { error: 'failed', detail: 'the WebSocket threw' };
  }
}
