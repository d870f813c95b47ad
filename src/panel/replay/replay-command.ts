/**
 * What "Replay connection" sends, read from a connection the panel shows:
 * the plan of `websocket-lens replay` (lib/replay/plan.ts, so both replay the
 * same frames at the same offsets) turned into a `replay` command, or the
 * reason the panel cannot replay it, in words for the user.
 */
import { bytesToBase64 } from '../../lib/base64';
import type { Connection } from '../../lib/session';
import { planReplay, type ReplayPlan } from '../../lib/replay/plan';
import type { CreateSessionRecord } from '../../lib/logs/records';
import type { ReplayCommand } from '../../protocol/actions';
import { MAX_REPLAY_FRAMES } from '../../protocol/limits';

export type ReplaySpeed = ReplayCommand['speed'];

/** Bytes of payload one command may carry: messages to the service are cut at 64 MiB. */
export const MAX_REPLAY_PAYLOAD_CHARS = 16 * 1024 * 1024;

export type ReplayChoice = { ok: true; command: ReplayCommand; sends: number } | { ok: false; reason: string };

/** Why a connection cannot be replayed from this view, before its frames are read; null when it can. */
export function replayBlocker(connection: Connection, live: boolean): string | null {
  if (!live)
    return 'Replay needs the live page: this is an imported log. Go back to the live session, or run websocket-lens replay on the file.';
  if (connection.worker)
    return `Replay is not available for a ${connection.worker.type} worker's socket: the debugger only watches, no hook can open a socket there.`;
  if (connection.readOnly)
    return 'Replay is not available: the page hook never saw this socket (it is known only from its handshake).';
  return null;
}

export function replayCommandFor(connection: Connection, live: boolean, speed: ReplaySpeed): ReplayChoice {
  const blocker = replayBlocker(connection, live);
  if (blocker) return { ok: false, reason: blocker };
  const create = connection.records.find((r) => r.kind === 'create') as CreateSessionRecord | undefined;
  if (!create) return { ok: false, reason: 'Replay is not available: the start of this connection was not kept.' };
  const plan = planReplay({ conn: connection.id, create, records: connection.records });
  if ('error' in plan) return { ok: false, reason: `Replay is not available: ${plan.error}` };
  if (plan.sends.length > MAX_REPLAY_FRAMES)
    return {
      ok: false,
      reason: `Replay is not available: ${plan.sends.length} frames to send, the panel replays at most ${MAX_REPLAY_FRAMES} (websocket-lens replay has no limit).`,
    };
  let chars = 0;
  const frames = plan.sends.map((frame) => {
    const payload =
      typeof frame.data === 'string'
        ? { type: 'text' as const, data: frame.data }
        : { type: 'binary' as const, data: bytesToBase64(frame.data) };
    chars += payload.data.length;
    return { offsetMs: frame.offsetMs, payload };
  });
  if (chars > MAX_REPLAY_PAYLOAD_CHARS)
    return {
      ok: false,
      reason: 'Replay is not available: the frames to send are over 16 MiB; use websocket-lens replay.',
    };
  const close = replayClose(plan.pageClose);
  return {
    ok: true,
    command: {
      type: 'replay',
      replayOf: connection.id,
      url: plan.url,
      protocols: plan.protocols,
      frames,
      speed,
      ...(close && { close }),
    },
    sends: frames.length,
  };
}

/**
 * The page's close of the original, as close() can repeat it: 1000 or
 * 3000–4999 with its reason; 1005 (none given) as close() without a code.
 * A navigation (1001) or any other code leaves the replay open.
 */
function replayClose(pageClose: ReplayPlan['pageClose']): ReplayCommand['close'] {
  if (!pageClose) return undefined;
  const { code, reason, offsetMs } = pageClose;
  if (code === 1005) return { offsetMs };
  if (code === 1000 || (code >= 3000 && code <= 4999)) return { code, reason, offsetMs };
  return undefined;
}
