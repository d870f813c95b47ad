/** What the hook keeps about each socket it made (shared with same-origin frames through realms.ts). */
import type { InterceptAction } from '../protocol/actions';
import type { Origin } from '../protocol/schema';
import type { FrameOrder } from './order';
import type { Gate } from './gate';

export interface Tracked {
  sid: number;
  socket: WebSocket;
  order: FrameOrder;
  closedByPage: boolean;
  closedFromDevtools: boolean;
  /** What the page is to see once the real socket (closed by us) has closed: a simulated close or drop. */
  simulatedClose: { code: number; reason: string; wasClean: boolean } | null;
  /** Under a delay-open rule: the socket is open, but the page is to see it CONNECTING until its open event. */
  openHeld: boolean;
  /** The page's frames on their way out while a rule or breakpoint holds some of them. */
  out: Gate;
  /** Events on their way to the page while a rule or breakpoint holds some, and simulated messages. */
  in: Gate;
}

/** How a frame came to be, beyond the page's own send or the server's message. */
export interface FrameMarks {
  origin?: Origin;
  intercept?: { rule: string; action: InterceptAction };
}

export type RecordFrame = (tracked: Tracked, dir: 'sent' | 'received', data: unknown, marks?: FrameMarks) => void;
