/**
 * Relay: ISOLATED world, document_start, every frame (standalone IIFE).
 *
 *   page hook ══MessagePort══▶ relay ──runtime.Port──▶ background
 *             ◀══ commands, rules ══   ◀── commands, rules, capture ──
 *
 * Receives the hook's batches over the private channel and forwards them when
 * the page is idle (idle-forward.ts), binary payloads as the bytes they are
 * (the manifest asks for structured-clone messaging); passes the background's
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
import type { HookRecord } from '../protocol/schema';

const docId = randomDocumentId();
/** Frames paused at a breakpoint, announced again whenever the port to the background is new. */
const paused = new Map<string, RelayMessage>();

const toHook = openHookChannel((data) => {
  if (Array.isArray(data)) {
    // From the page's world: only loosely checked here, the background validates every record.
    const records = data.filter((record: unknown) => typeof record === 'object' && record !== null) as HookRecord[];
    if (records.length > 0) idle.push(records);
    return;
  }
  const message = fromHookMessage(data);
  if (!message) return;
  idle.flush(); // a result or pause comes after the records the hook sent before it
  if (message.type === 'paused') paused.set(`${message.paused.sid}#${message.paused.pause}`, message);
  if (message.type === 'pause-end') paused.delete(`${message.sid}#${message.pause}`);
  link.post(message);
});

const idle = openIdleForward((records) => link.send(records));
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
