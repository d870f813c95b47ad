/**
 * Relay: ISOLATED world, document_start, every frame (standalone IIFE).
 *
 *   page hook ══MessagePort══▶ relay ──runtime.Port──▶ background
 *             ◀══ commands, rules ══   ◀── commands, rules, capture ──
 *
 * Receives the hook's batches over the private channel and forwards them when
 * the page is idle (idle-forward.ts), binary payloads as the bytes they are
 * (in one Blob in Chrome, protocol/batch.ts; structured-clone messaging in
 * Firefox); passes the background's
 * commands and rules to the hook (base64 back to bytes), and the hook's results
 * and breakpoint pauses to the background.
 */
import browser from 'webextension-polyfill';
import { openHookChannel } from './channel';
import { openBackgroundLink } from './background-link';
import { openIdleForward } from './idle-forward';
import { randomDocumentId } from './document-id';
import { fromHookMessage, toHookCommand, toHookRules } from './hook-messages';
import { parseRelayWake, type RelayMessage } from '../protocol/messages';
import type { HookBatch } from '../protocol/batch';

const docId = randomDocumentId();
/** Frames paused at a breakpoint, announced again whenever the port to the background is new. */
const paused = new Map<string, RelayMessage>();

const toHook = openHookChannel(
  isBatch,
  (data) => {
    if (isBatch(data)) {
      // Connected before the records go on (a frame's first connects): a port opened as the frame goes away
      // (a removed iframe) may close before its messages arrive.
      link.wake();
      return idle.push(data);
    }
    const message = fromHookMessage(data);
    if (!message) return;
    idle.flush(); // a result or pause comes after the records the hook sent before it
    if (message.type === 'paused') paused.set(`${message.paused.sid}#${message.paused.pause}`, message);
    if (message.type === 'pause-end') paused.delete(`${message.sid}#${message.pause}`);
    link.post(message);
  },
  // The document goes away: its last batches go on now, whether our pagehide came before or comes after.
  () => idle.flush(),
);

const idle = openIdleForward((batch) => link.send(batch));
addEventListener('pagehide', idle.flush, true);
const link = openBackgroundLink(
  docId,
  (control) => {
    if (control.type === 'capture') return toHook(control);
    if (control.type === 'command') {
      const { command, transfer } = toHookCommand(control.command);
      return toHook({ type: 'command', id: control.id, sid: control.sid, command }, transfer);
    }
    const { rules, transfer } = toHookRules(control.rules);
    toHook({ type: 'rules', rules }, transfer);
  },
  () => [...paused.values()],
);

browser.runtime.onMessage.addListener((raw: unknown) => {
  const wake = parseRelayWake(raw);
  if (wake.ok && (wake.value.docId === undefined || wake.value.docId === docId)) link.wake();
});

/** A record batch from the hook: its records are not read here, so only what pacing needs is checked (the background reads it for real). */
function isBatch(data: unknown): data is HookBatch {
  if (typeof data !== 'object' || data === null || 'type' in data) return false;
  const { count, bytes } = data as Partial<HookBatch>;
  return typeof count === 'number' && count > 0 && typeof bytes === 'number' && bytes >= 0;
}
