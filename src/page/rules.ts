/**
 * The tab's intercept rules as the hook runs them: compiled once when they
 * arrive, then matched against every frame of a socket in the rule's
 * direction, first match wins. A payload pattern matches text frames only; a
 * rule without one matches every frame, binary included.
 */
import type { Fault, HookPayload, HookRule, RuleAction } from '../protocol/actions';
import { call, natives, ownArray } from './natives';
import { compilePattern, type Pattern } from './pattern';
import { isArrayBuffer } from './payload';

export interface CompiledRule {
  name: string;
  action: RuleAction;
  delayMs: number;
  fault: Fault;
  /**
   * Names the rule's fault state on a socket (its random draws, last release,
   * held frames): the same rule sent again (after a relay reconnects) keeps
   * it, a changed one starts afresh.
   */
  key: string;
  /** What the frame becomes under a replace rule (the frame itself for other actions). */
  replace(data: unknown): unknown;
}

interface Entry extends CompiledRule {
  sent: boolean;
  received: boolean;
  url: Pattern | null;
  payload: Pattern | null;
  startedAt: number;
}

/** A drop-every rule in force on a socket: its key tells a timer set under it from one set under another. */
export interface DropEvery {
  key: string;
  ms: number;
}

export interface RuleSet {
  /** Whether any rule looks at this direction (the usual path skips matching when none does). */
  watches(dir: 'sent' | 'received'): boolean;
  match(dir: 'sent' | 'received', url: string, data: unknown): CompiledRule | null;
  /** The name of the first offline rule whose URL pattern matches; null while the socket is online. */
  offline(url: string): string | null;
  /** Whether a new socket to `url` fails now: an offline rule, or a refuse rule whose time (from its start) is not up. */
  refuses(url: string, now: number): boolean;
  /** The first drop-every rule for `url`, or null. */
  dropEvery(url: string): DropEvery | null;
  /** How long the page's open waits under the first delay-open rule for `url`; 0 without one. */
  openDelay(url: string): number;
  /** Whether any debugger rule is set (the usual path asks nothing more). */
  debugs(): boolean;
  /** Whether a debugger rule matches this frame (they act besides the rule that `match` finds). */
  breaksInto(dir: 'sent' | 'received', url: string, data: unknown): boolean;
}

export function compileRules(rules: readonly HookRule[]): RuleSet {
  const entries = ownArray<Entry>();
  const offline = ownArray<Entry>();
  /** Connection faults other than offline, in the rules' order. */
  const connection = ownArray<Entry>();
  const debuggers = ownArray<Entry>();
  let sent = false;
  let received = false;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const url = rule.url ? compilePattern(rule.url.source, rule.url.flags) : null;
    const payload = rule.payload ? compilePattern(rule.payload.source, rule.payload.flags) : null;
    if ((rule.url && !url) || (rule.payload && !payload)) continue;
    const entry: Entry = {
      name: rule.name,
      action: rule.action,
      delayMs: rule.delayMs,
      fault: rule.fault,
      key: faultKey(rule),
      sent: rule.direction !== 'received',
      received: rule.direction !== 'sent',
      url,
      payload,
      replace: replacer(rule, payload),
      startedAt: rule.startedAt,
    };
    // These act on connections, never on frames.
    if (rule.action === 'offline') {
      offline[offline.length] = entry;
      continue;
    }
    if (rule.action === 'drop-every' || rule.action === 'refuse' || rule.action === 'delay-open') {
      connection[connection.length] = entry;
      continue;
    }
    if (rule.action === 'debugger') {
      debuggers[debuggers.length] = entry; // a frame it matches still meets the other rules
      continue;
    }
    sent ||= entry.sent;
    received ||= entry.received;
    entries[entries.length] = entry;
  }
  const offlineRule = (url: string) => {
    for (let i = 0; i < offline.length; i++) {
      const entry = offline[i]!;
      if (!entry.url || entry.url.test(url)) return entry.name;
    }
    return null;
  };
  return {
    watches: (dir) => (dir === 'sent' ? sent : received),
    match(dir, url, data) {
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        if (!(dir === 'sent' ? entry.sent : entry.received)) continue;
        if (entry.url && !entry.url.test(url)) continue;
        if (entry.payload && (typeof data !== 'string' || !entry.payload.test(data))) continue;
        return entry;
      }
      return null;
    },
    offline: offlineRule,
    refuses(url, now) {
      if (offlineRule(url) !== null) return true;
      for (let i = 0; i < connection.length; i++) {
        const entry = connection[i]!;
        if (entry.action !== 'refuse' || (entry.url && !entry.url.test(url))) continue;
        if (now < entry.startedAt + entry.fault.refuseMs) return true;
      }
      return false;
    },
    dropEvery(url) {
      for (let i = 0; i < connection.length; i++) {
        const entry = connection[i]!;
        if (entry.action === 'drop-every' && (!entry.url || entry.url.test(url)))
          return { key: entry.key, ms: entry.fault.dropEveryMs };
      }
      return null;
    },
    openDelay(url) {
      for (let i = 0; i < connection.length; i++) {
        const entry = connection[i]!;
        if (entry.action === 'delay-open' && (!entry.url || entry.url.test(url))) return entry.fault.openDelayMs;
      }
      return 0;
    },
    debugs: () => debuggers.length > 0,
    breaksInto(dir, url, data) {
      for (let i = 0; i < debuggers.length; i++) {
        const entry = debuggers[i]!;
        if (!(dir === 'sent' ? entry.sent : entry.received)) continue;
        if (entry.url && !entry.url.test(url)) continue;
        if (entry.payload && (typeof data !== 'string' || !entry.payload.test(data))) continue;
        return true;
      }
      return false;
    },
  };
}

/** Template literals convert numbers natively: nothing here is looked up on the page's prototypes. */
function faultKey(rule: HookRule): string {
  const f = rule.fault;
  return `${rule.direction}\n${rule.action}\n${rule.name}\n${f.jitterMinMs} ${f.jitterMaxMs} ${f.copies} ${f.reorderWindow} ${f.reorderHoldMs} ${f.dropPercent} ${f.seed} ${f.ratePerSecond} ${f.bytesPerSecond} ${f.dropEveryMs} ${f.refuseMs} ${f.openDelayMs} ${rule.startedAt}`;
}

function replacer(rule: HookRule, payload: Pattern | null): (data: unknown) => unknown {
  const replace = rule.replace;
  if (!replace) return (data) => data;
  if (replace.mode === 'matches')
    return (data) => (payload && typeof data === 'string' ? payload.replace(data, replace.text) : data);
  const whole: HookPayload = replace.data;
  // A fresh buffer each time: the page (or the native send) gets its own.
  return () => (isArrayBuffer(whole) ? copyBuffer(whole) : whole);
}

export function copyBuffer(source: ArrayBuffer): ArrayBuffer {
  const copy = new natives.ArrayBuffer(call(natives.arrayBufferByteLength, source));
  call(natives.uint8ArraySet, new natives.Uint8Array(copy), new natives.Uint8Array(source));
  return copy;
}
