/**
 * Relay: ISOLATED world, document_start, every frame (standalone IIFE).
 *
 *   page hook ══MessagePort══▶ relay ──runtime.Port──▶ background
 *             ◀══ commands, rules ══   ◀── commands, rules, capture ──
 *
 * Receives the hook's batches over the private channel, turns binary payloads
 * into base64 (extension messaging is JSON) and forwards them; passes the
 * background's commands and rules to the hook (base64 back to bytes), and the
 * hook's results and breakpoint pauses to the background.
 */
import browser from 'webextension-polyfill';
import { openHookChannel } from './channel';
import { openBackgroundLink } from './background-link';
import { toWireRecords } from './wire';
import { randomDocumentId } from './document-id';
import { fromHookMessage, toHookCommand, toHookRules } from './hook-messages';
import { parseRelayWake, type RelayMessage } from '../protocol/messages';

const docId = randomDocumentId();
/** Frames paused at a breakpoint, announced again whenever the port to the background is new. */
const paused = new Map<string, RelayMessage>();

const toHook = openHookChannel((data) => {
  if (Array.isArray(data)) {
    const records = toWireRecords(data);
    if (records.length > 0) link.send(records);
    return;
  }
  const message = fromHookMessage(data);
  if (!message) return;
  if (message.type === 'paused') paused.set(`${message.paused.sid}#${message.paused.pause}`, message);
  if (message.type === 'pause-end') paused.delete(`${message.sid}#${message.pause}`);
  link.post(message);
});

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
