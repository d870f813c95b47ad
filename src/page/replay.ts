/**
 * "Replay connection" from the panel: a new socket to the recorded URL, made
 * here as the page would make it (the native constructor, so the page's own
 * WebSocket and its sockets are untouched) and recorded as any socket, its
 * `create` marked `replayOf`. Once it opens, the recorded client frames go out
 * in order at their offsets from the open (divided by the speed; speed 0 sends
 * them one task after another), each through the native send and recorded as
 * sent from DevTools; then, when the page had closed the original, the
 * replay is closed so too (through the close command's path, `close`). A
 * socket that closes meanwhile ends the replay.
 */
import type { HookCommand } from '../protocol/actions';
import { call, natives } from './natives';
import { later } from './later';
import type { RecordFrame, Tracked } from './tracked';

const OPEN = 1;

type ReplayCommand = Extract<HookCommand, { type: 'replay' }>;

export interface ReplayDeps {
  /** Makes and tracks a socket with the native constructor; throws what the native throws. */
  openSocket(url: string, protocols: string[], replayOf: string): Tracked;
  record: RecordFrame;
  now(): number;
  failed(): void;
}

export function startReplay(
  deps: ReplayDeps,
  command: ReplayCommand,
  close: (tracked: Tracked, code: number | undefined, reason: string | undefined) => void,
): void {
  const tracked = deps.openSocket(command.url, command.protocols, command.replayOf);
  const { frames, speed } = command;
  const count = frames.length;
  let next = 0;
  let openedAt = 0;
  const sendDue = () => {
    try {
      if (call(natives.socketReadyState, tracked.socket) !== OPEN) return; // closed meanwhile: the replay ends
      const frame = frames[next++]!;
      call(natives.socketSend, tracked.socket, frame.data);
      deps.record(tracked, 'sent', frame.data, { origin: 'devtools' });
      schedule();
    } catch {
      deps.failed();
    }
  };
  const closeDue = () => {
    try {
      if (call(natives.socketReadyState, tracked.socket) !== OPEN) return;
      close(tracked, command.close!.code, command.close!.reason);
    } catch {
      deps.failed();
    }
  };
  const after = (offsetMs: number, run: () => void) => {
    const wait = (speed > 0 ? openedAt + offsetMs / speed : 0) - deps.now();
    later(run, wait > 0 ? wait : 0);
  };
  // One frame at a time, so the order holds whatever the delays; the close after the last.
  const schedule = () => {
    if (next < count) return after(frames[next]!.offsetMs, sendDue);
    if (command.close) after(command.close.offsetMs, closeDue);
  };
  call(natives.addEventListener, tracked.socket, 'open', () => {
    openedAt = deps.now();
    schedule();
  });
}
