/**
 * Intercept rules and breakpoints on the page's sockets, and messages
 * simulated from DevTools.
 *
 *   page send() ──[a rule matches, or frames are held]──no──▶ native send (the usual path)
 *                            │ yes
 *                            ▼
 *      tracked.out: block │ replace │ delay │ break │ faults ──▶ native send, recorded as it went out
 *
 *   network message ──▶ our listener (the first) ──[rule, or held]──no──▶ onmessage and page listeners
 *                            │ yes: stopImmediatePropagation (the page sees nothing)
 *                            ▼
 *      tracked.in: block │ replace │ delay │ break │ faults │ simulated ──▶ synthetic MessageEvent (synthetic.ts)
 *
 * Each gate (gate.ts) keeps its socket's order: while one frame waits, every
 * later one of that socket and direction waits behind it, and error and close
 * events wait behind held messages. Nothing blocks the page's thread; a
 * breakpoint waits for the panel's Forward or Drop (`resume`).
 *
 * Fault rules (faults.ts for their arithmetic) use the same steps: jitter is
 * a delay drawn per frame; duplicate sends or delivers the frame again;
 * drop loses a seeded share; rate and bandwidth hold each frame until the
 * link would have let it go. Order is kept, as a WebSocket over TCP keeps
 * it, except by reorder, which takes its frames out of the gate (so later
 * ones keep coming), and puts them back at its end shuffled when its window
 * is full, its time is up or the socket closes.
 */
import type { HookPayload, HookRule, InterceptAction } from '../protocol/actions';
import { call, natives, ownArray } from './natives';
import {
  dataPayload,
  frameBytes,
  isArrayBuffer,
  isBlob,
  measuredSize,
  ownBuffer,
  readBlob,
  sendableCopy,
  textPayload,
  type Payload,
} from './payload';
import { compileRules, copyBuffer, type CompiledRule, type DropEvery } from './rules';
import { bandwidthRelease, dropsFrame, jitterMs, rateRelease, seededRandom, shuffledOrder } from './faults';
import type { Step } from './gate';
import { dispatchLater, messageData, messageEvent } from './synthetic';
import type { FrameMarks, RecordFrame, Tracked } from './tracked';
import type { Outbox } from './outbox';
import { later } from './later';
import { breakIntoDebugger } from './debugger';

const OPEN = 1;

export interface Decision {
  action: 'forward' | 'drop';
  /** The edited frame; the original goes on when absent. */
  data?: HookPayload;
}

export interface Intercept {
  setRules(rules: readonly HookRule[]): void;
  /** The offline rule that cuts this socket off, or null. */
  offline(tracked: Tracked): string | null;
  /** Whether a new socket fails now, as refused: offline, or a refuse rule's time not up. */
  refuses(tracked: Tracked): boolean;
  /** The drop-every rule for this socket, or null. */
  dropEvery(tracked: Tracked): DropEvery | null;
  /** How long the page's open waits (a delay-open rule); 0 without one. */
  openDelay(tracked: Tracked): number;
  /** Whether a debugger rule matches this frame. */
  breaksInto(tracked: Tracked, dir: 'sent' | 'received', data: unknown): boolean;
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
  /** The socket closed: frames paused or held on their way out can no longer go. */
  closed(tracked: Tracked): void;
}

/** One fault rule's state on one socket and direction (own keys only; written, never added to). */
interface FaultState {
  tracked: Tracked;
  dir: 'sent' | 'received';
  rule: CompiledRule;
  /** Jitter, drop and reorder draw from it: seeded by the rule, so the same traffic meets the same faults. */
  random: () => number;
  /** When the rule last let a frame go (rate, bandwidth). */
  last: number;
  /** reorder: frames taken out of the gate until the window is full, its time is up or the socket closes. */
  held: unknown[];
  /** Counts reorder windows, so the timer of one already released does nothing. */
  window: number;
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
  const breaksInto = (tracked: Tracked, dir: 'sent' | 'received', data: unknown) =>
    rules.debugs() && rules.breaksInto(dir, urlOf(tracked), data);
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
    const stop = breaksInto(tracked, 'received', data) ? breakIntoDebugger : undefined;
    dispatchLater(tracked.socket, messageEvent(tracked.socket, data), done, stop);
  };

  /** Fault states per socket: `s`/`r` + the rule's key → state. */
  const faultStates = new natives.WeakMap<Tracked, Map<string, FaultState>>();

  const faultState = (tracked: Tracked, dir: 'sent' | 'received', rule: CompiledRule): FaultState => {
    let states = call(natives.weakMapGet, faultStates, tracked) as Map<string, FaultState> | undefined;
    if (!states) {
      states = new natives.Map<string, FaultState>();
      call(natives.weakMapSet, faultStates, tracked, states);
    }
    const key = `${dir === 'sent' ? 's' : 'r'}${rule.key}`;
    let state = call(natives.mapGet, states, key) as FaultState | undefined;
    if (!state) {
      const random = seededRandom(rule.fault.seed);
      state = { tracked, dir, rule, random, last: -Infinity, held: ownArray(), window: 0 };
      call(natives.mapSet, states, key, state);
    }
    return state;
  };

  /** Sends or delivers a frame a fault let through, by its direction. */
  const pass = (
    tracked: Tracked,
    dir: 'sent' | 'received',
    data: unknown,
    marks: FrameMarks | undefined,
    done: () => void,
  ) => (dir === 'sent' ? sendOut(tracked, data, marks, done) : deliver(tracked, data, marks, done));

  /** A frame of its own for each copy: the page (or the native send) may change a buffer it got. */
  const copyOf = (data: unknown) => (isArrayBuffer(data) ? copyBuffer(data) : data);

  /** Releases a reorder window: its frames join the gate's end in a shuffled order. */
  const release = (state: FaultState) => {
    const frames = state.held;
    if (frames.length === 0) return;
    state.held = ownArray();
    state.window++;
    const { tracked, dir, rule } = state;
    const order = shuffledOrder(frames.length, state.random, ownArray());
    const gate = dir === 'sent' ? tracked.out : tracked.in;
    for (let i = 0; i < order.length; i++) {
      const data = frames[order[i]!];
      gate.push((done) => pass(tracked, dir, data, mark(rule, 'reordered'), done));
    }
  };

  /** Releases every reorder window of a socket (in one direction, or both). */
  const releaseAll = (tracked: Tracked, dir: 'sent' | 'received' | null) => {
    const states = call(natives.weakMapGet, faultStates, tracked) as Map<string, FaultState> | undefined;
    if (!states) return;
    call(natives.mapForEach, states, (state: FaultState) => {
      if (dir === null || state.dir === dir) release(state);
    });
  };

  /**
   * The step of a frame a fault rule matched; null for other rules. Draws
   * (jitter, drop) are made as the frame comes, so a seed gives the same
   * faults to the same frames.
   */
  const faultStep = (tracked: Tracked, dir: 'sent' | 'received', data: unknown, rule: CompiledRule): Step | null => {
    const fault = rule.fault;
    switch (rule.action) {
      case 'jitter': {
        const deadline = now() + jitterMs(faultState(tracked, dir, rule).random, fault.jitterMinMs, fault.jitterMaxMs);
        return (done) => at(deadline, done, () => pass(tracked, dir, data, mark(rule, 'jittered'), done));
      }
      case 'drop': {
        const lost = dropsFrame(faultState(tracked, dir, rule).random, fault.dropPercent);
        return (done) => {
          if (!lost) return pass(tracked, dir, data, undefined, done);
          record(tracked, dir, data, mark(rule, 'dropped'));
          done();
        };
      }
      case 'duplicate':
        return (done) => {
          let left = fault.copies + 1;
          const next = () => (left-- > 0 ? pass(tracked, dir, copyOf(data), mark(rule, 'duplicated'), next) : done());
          next();
        };
      case 'rate':
      case 'bandwidth':
        return (done) => {
          const state = faultState(tracked, dir, rule);
          const t = now();
          state.last =
            rule.action === 'rate'
              ? rateRelease(state.last, t, fault.ratePerSecond)
              : bandwidthRelease(state.last, t, frameBytes(data), fault.bytesPerSecond);
          at(state.last, done, () => pass(tracked, dir, data, mark(rule, 'throttled'), done));
        };
      case 'reorder':
        return (done) => {
          const state = faultState(tracked, dir, rule);
          const held = state.held;
          held[held.length] = data;
          if (held.length === 1) {
            const window = state.window;
            later(() => {
              try {
                if (state.window === window) release(state);
              } catch {
                // Best effort, as every held frame: never an error on the page.
              }
            }, fault.reorderHoldMs);
          }
          if (held.length >= fault.reorderWindow) release(state);
          done(); // later frames keep coming while these are held
        };
      default:
        return null;
    }
  };

  const outgoingStep = (tracked: Tracked, data: unknown, rule: CompiledRule | null) => {
    const fault = rule && faultStep(tracked, 'sent', data, rule);
    if (fault) return fault;
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
    const fault = rule && faultStep(tracked, 'received', data, rule);
    if (fault) return fault;
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
    offline(tracked) {
      return rules.offline(urlOf(tracked));
    },
    refuses(tracked) {
      return rules.refuses(urlOf(tracked), now());
    },
    dropEvery(tracked) {
      return rules.dropEvery(urlOf(tracked));
    },
    openDelay(tracked) {
      return rules.openDelay(urlOf(tracked));
    },
    breaksInto,
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
      releaseAll(tracked, 'received'); // frames a reorder rule holds reach the page before the error or close
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
      releaseAll(tracked, null);
      call(natives.mapForEach, pauses, (paused: Paused) => {
        if (paused.tracked === tracked && paused.dir === 'sent') paused.decide({ action: 'drop' });
      });
    },
  };
}
