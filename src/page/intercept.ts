/**
 * Intercept rules and breakpoints on the page's sockets, and messages
 * simulated from DevTools.
 *
 *   page send() ──[a rule matches, or frames are held]──no──▶ native send (the usual path)
 *                            │ yes
 *                            ▼
 *      tracked.out: block │ replace │ delay │ break ──▶ native send, recorded as it went out
 *
 *   network message ──▶ our listener (the first) ──[rule, or held]──no──▶ onmessage and page listeners
 *                            │ yes: stopImmediatePropagation (the page sees nothing)
 *                            ▼
 *      tracked.in: block │ replace │ delay │ break │ simulated ──▶ synthetic MessageEvent (synthetic.ts)
 *
 * Each gate (gate.ts) keeps its socket's order: while one frame waits, every
 * later one of that socket and direction waits behind it, and error and close
 * events wait behind held messages. Nothing blocks the page's thread; a
 * breakpoint waits for the panel's Forward or Drop (`resume`).
 */
import type { HookPayload, HookRule, InterceptAction } from '../protocol/actions';
import { call, natives } from './natives';
import {
  dataPayload,
  isBlob,
  measuredSize,
  ownBuffer,
  readBlob,
  sendableCopy,
  textPayload,
  type Payload,
} from './payload';
import { compileRules, type CompiledRule } from './rules';
import { dispatchLater, messageData, messageEvent } from './synthetic';
import type { FrameMarks, RecordFrame, Tracked } from './tracked';
import type { Outbox } from './outbox';
import { later } from './later';

const OPEN = 1;

export interface Decision {
  action: 'forward' | 'drop';
  /** The edited frame; the original goes on when absent. */
  data?: HookPayload;
}

export interface Intercept {
  setRules(rules: readonly HookRule[]): void;
  /** The page called send() on an open socket: true when we took the frame (the native must not send it now). */
  outgoing(tracked: Tracked, data: unknown): boolean;
  /** A message from the network: true when we took it from the page (stopped; delivered later, or not). */
  incoming(tracked: Tracked, event: Event, data: unknown): boolean;
  /** An error or close from the network: true when it was stopped to wait behind held messages. */
  holdEvent(tracked: Tracked, event: Event, deliver: (done: () => void) => void): boolean;
  /** Delivers a message to the page as if from the server, after anything held. */
  simulate(tracked: Tracked, data: HookPayload): void;
  /** Ends a breakpoint of socket `sid`; false when there is no such pause. */
  resume(sid: number, pause: number, decision: Decision): boolean;
  /** The socket closed: frames paused on their way out can no longer go. */
  closed(tracked: Tracked): void;
}

interface Paused {
  tracked: Tracked;
  dir: 'sent' | 'received';
  decide(decision: Decision): void;
}

export function openIntercept(outbox: Outbox, record: RecordFrame, now: () => number): Intercept {
  let rules = compileRules([]);
  const pauses = new natives.Map<number, Paused>();
  let nextPause = 1;

  const urlOf = (tracked: Tracked) => call(natives.socketUrl, tracked.socket);
  const mark = (rule: CompiledRule | string, action: InterceptAction): FrameMarks => ({
    intercept: { rule: typeof rule === 'string' ? rule : rule.name, action },
  });

  /** Runs `go` at `deadline` (a delay rule counts from the moment the frame came), or now; `done` if it fails. */
  const at = (deadline: number, done: () => void, go: () => void) => {
    const safe = () => {
      try {
        go();
      } catch {
        done(); // never hold the socket's later frames behind a step that failed
      }
    };
    const wait = deadline - now();
    if (wait > 0) later(safe, wait);
    else safe();
  };

  /** Tells the panel about a paused frame and waits for its decision. */
  const pause = (
    tracked: Tracked,
    dir: 'sent' | 'received',
    rule: string,
    data: unknown,
    then: (d: Decision) => void,
  ) => {
    const id = nextPause++;
    const { sid } = tracked;
    call(natives.mapSet, pauses, id, {
      tracked,
      dir,
      decide(decision: Decision) {
        call(natives.mapDelete, pauses, id);
        outbox.post({ type: 'pause-end', sid, pause: id });
        then(decision);
      },
    });
    const t = now();
    const announce = (payload: Payload) => {
      if (!call(natives.mapGet, pauses, id)) return; // decided (socket closed) before a Blob was read
      const { truncated } = payload;
      const size = measuredSize(payload);
      const data = payload.type === 'binary' ? ownBuffer(payload.data) : payload.data;
      const transfer = payload.type === 'binary' ? [data as ArrayBuffer] : [];
      outbox.post({ type: 'paused', sid, pause: id, dir, rule, t, data, size, truncated }, transfer);
    };
    if (isBlob(data)) readBlob(data, announce);
    else announce(dataPayload(data) ?? textPayload(natives.String(data)));
  };

  /** Sends a frame that was held; one the socket can no longer take is recorded as dropped. */
  const sendOut = (tracked: Tracked, data: unknown, marks: FrameMarks | undefined, done: () => void) => {
    if (call(natives.socketReadyState, tracked.socket) !== OPEN) {
      // Own keys only: a missing `intercept` would be looked up on the page's Object.prototype.
      const rule = marks && natives.hasOwn(marks, 'intercept') ? marks.intercept!.rule : '';
      record(tracked, 'sent', data, mark(rule, 'dropped'));
      return done();
    }
    try {
      call(natives.socketSend, tracked.socket, data);
      record(tracked, 'sent', data, marks);
    } catch {
      // Nothing went over the wire.
    }
    done();
  };

  /** Hands a message to the page (in a task of its own), recorded as delivered. */
  const deliver = (tracked: Tracked, data: unknown, marks: FrameMarks | undefined, done: () => void) => {
    record(tracked, 'received', data, marks);
    dispatchLater(tracked.socket, messageEvent(tracked.socket, data), done);
  };

  const outgoingStep = (tracked: Tracked, data: unknown, rule: CompiledRule | null) => {
    const deadline = now() + (rule && rule.action === 'delay' ? rule.delayMs : 0);
    return (done: () => void) =>
      at(deadline, done, () => {
        if (!rule) return sendOut(tracked, data, undefined, done);
        switch (rule.action) {
          case 'block':
            record(tracked, 'sent', data, mark(rule, 'blocked'));
            return done();
          case 'replace':
            return sendOut(tracked, rule.replace(data), mark(rule, 'replaced'), done);
          case 'delay':
            return sendOut(tracked, data, mark(rule, 'delayed'), done);
          case 'break':
            return pause(tracked, 'sent', rule.name, data, (decision) => {
              if (decision.action === 'forward') {
                const edited = decision.data !== undefined;
                return sendOut(
                  tracked,
                  edited ? decision.data : data,
                  mark(rule, edited ? 'edited' : 'forwarded'),
                  done,
                );
              }
              record(tracked, 'sent', data, mark(rule, 'dropped'));
              done();
            });
        }
      });
  };

  const incomingStep = (tracked: Tracked, data: unknown, rule: CompiledRule | null) => {
    const deadline = now() + (rule && rule.action === 'delay' ? rule.delayMs : 0);
    return (done: () => void) =>
      at(deadline, done, () => {
        if (!rule) return deliver(tracked, data, undefined, done);
        switch (rule.action) {
          case 'block':
            record(tracked, 'received', data, mark(rule, 'blocked'));
            return done();
          case 'replace':
            return deliver(tracked, messageData(tracked.socket, rule.replace(data)), mark(rule, 'replaced'), done);
          case 'delay':
            return deliver(tracked, data, mark(rule, 'delayed'), done);
          case 'break':
            return pause(tracked, 'received', rule.name, data, (decision) => {
              if (decision.action === 'forward') {
                const edited = decision.data !== undefined;
                const shown = edited ? messageData(tracked.socket, decision.data) : data;
                return deliver(tracked, shown, mark(rule, edited ? 'edited' : 'forwarded'), done);
              }
              record(tracked, 'received', data, mark(rule, 'dropped'));
              done();
            });
        }
      });
  };

  return {
    setRules(next) {
      rules = compileRules(next);
    },
    outgoing(tracked, data) {
      try {
        const rule = rules.watches('sent') ? rules.match('sent', urlOf(tracked), data) : null;
        if (!rule && !tracked.out.busy()) return false;
        const own = sendableCopy(data);
        if (own === null) return false;
        tracked.out.push(outgoingStep(tracked, own, rule));
        return true;
      } catch {
        return false; // the native sends it, as without us
      }
    },
    incoming(tracked, event, data) {
      const rule = rules.watches('received') ? rules.match('received', urlOf(tracked), data) : null;
      if (!rule && !tracked.in.busy()) return false;
      call(natives.stopImmediatePropagation, event);
      tracked.in.push(incomingStep(tracked, data, rule));
      return true;
    },
    holdEvent(tracked, event, deliverEvent) {
      if (!tracked.in.busy()) return false;
      call(natives.stopImmediatePropagation, event);
      tracked.in.push(deliverEvent);
      return true;
    },
    simulate(tracked, data) {
      tracked.in.push((done) => deliver(tracked, messageData(tracked.socket, data), { origin: 'simulated' }, done));
    },
    resume(sid, id, decision) {
      const paused = call(natives.mapGet, pauses, id) as Paused | undefined;
      if (!paused || paused.tracked.sid !== sid) return false;
      paused.decide(decision);
      return true;
    },
    closed(tracked) {
      call(natives.mapForEach, pauses, (paused: Paused) => {
        if (paused.tracked === tracked && paused.dir === 'sent') paused.decide({ action: 'drop' });
      });
    },
  };
}
