/**
 * Between the extension's shapes and the hook's, in both directions: base64
 * payloads become bytes on the way in (transferred, not copied again), bytes
 * become base64 on the way out, and rule patterns are parsed here so the hook
 * only compiles ready sources. What arrives from the hook is picked apart
 * loosely (it comes from the page's world); the session service validates it for real.
 */
import { base64ToBytes, bytesToBase64 } from '../lib/base64';
import {
  DEFAULT_FAULT,
  parseRulePattern,
  type Command,
  type HookCommand,
  type HookPayload,
  type HookRule,
  type Payload,
  type Rule,
} from '../protocol/actions';
import type { RelayMessage } from '../protocol/messages';

const brandOf = (value: unknown) => Object.prototype.toString.call(value);

function toHookPayload(payload: Payload, transfer: ArrayBuffer[]): HookPayload {
  if (payload.type === 'text') return payload.data;
  const bytes = base64ToBytes(payload.data);
  const buffer = (bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  transfer.push(buffer);
  return buffer;
}

/**
 * The command for the hook, every optional key present (undefined when
 * absent): the hook reads it in the page's realm, where a missing key would be
 * looked up on the page's Object.prototype.
 */
export function toHookCommand(command: Command): { command: HookCommand; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  switch (command.type) {
    case 'send':
    case 'simulate':
      return { command: { type: command.type, data: toHookPayload(command.payload, transfer) }, transfer };
    case 'resume': {
      const { pause, action, payload } = command;
      const data = payload ? toHookPayload(payload, transfer) : undefined;
      return { command: { type: 'resume', pause, action, data }, transfer };
    }
    case 'close':
      return { command: { type: 'close', code: command.code, reason: command.reason }, transfer };
    case 'simulate-close':
      return {
        command: { type: command.type, code: command.code, reason: command.reason, wasClean: command.wasClean },
        transfer,
      };
    case 'replay': {
      const { replayOf, url, protocols, speed } = command;
      const frames = command.frames.map((f) => ({ offsetMs: f.offsetMs, data: toHookPayload(f.payload, transfer) }));
      const close = command.close && {
        code: command.close.code,
        reason: command.close.reason,
        offsetMs: command.close.offsetMs,
      };
      return {
        command: { type: 'replay', replayOf, url, protocols, frames, speed: speed === 'max' ? 0 : speed, close },
        transfer,
      };
    }
  }
}

/** The enabled rules, ready for the hook. */
export function toHookRules(rules: Rule[]): { rules: HookRule[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const ready: HookRule[] = [];
  for (const rule of rules) {
    const url = parseRulePattern(rule.url);
    const payload = parseRulePattern(rule.payload);
    if (!rule.enabled || !url.ok || !payload.ok) continue;
    const replace = rule.replace;
    ready.push({
      name: rule.name,
      direction: rule.direction,
      url: url.pattern,
      payload: payload.pattern,
      action: rule.action,
      delayMs: rule.delayMs,
      replace: !replace
        ? null
        : replace.mode === 'matches'
          ? replace
          : { mode: 'whole', data: toHookPayload(replace.payload, transfer) },
      fault: { ...(rule.fault ?? DEFAULT_FAULT) },
      startedAt: rule.startedAt ?? 0,
    });
  }
  return { rules: ready, transfer };
}

function fromHookPayload(data: unknown): Payload | null {
  if (typeof data === 'string') return { type: 'text', data };
  if (brandOf(data) === '[object ArrayBuffer]')
    return { type: 'binary', data: bytesToBase64(new Uint8Array(data as ArrayBuffer)) };
  return null;
}

/** A result or pause the hook posted, as the session service takes it; null for anything else. */
export function fromHookMessage(raw: unknown): RelayMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'result':
      return { type: 'result', id: m.id, error: m.error, detail: m.detail } as RelayMessage;
    case 'paused': {
      const payload = fromHookPayload(m.data);
      if (!payload) return null;
      const { sid, pause, dir, rule, t, size, truncated } = m;
      return { type: 'paused', paused: { sid, pause, dir, rule, t, payload, size, truncated } } as RelayMessage;
    }
    case 'pause-end':
      return { type: 'pause-end', sid: m.sid, pause: m.pause } as RelayMessage;
    case 'hook-errors':
      return { type: 'hook-errors', count: m.count } as RelayMessage;
    default:
      return null;
  }
}
