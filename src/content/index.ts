/**
 * Relay: ISOLATED world, document_start, every frame (standalone IIFE).
 *
 *   page hook ══MessagePort══▶ relay ──runtime.Port──▶ background
 *
 * Receives the hook's batches over the private channel, turns binary payloads
 * into base64 (extension messaging is JSON) and forwards them.
 */
import { openHookChannel } from './channel';
import { openBackgroundLink } from './background-link';
import { toWireRecords } from './wire';
import { randomDocumentId } from './document-id';

const toHook = openHookChannel((batch) => {
  const records = toWireRecords(batch);
  if (records.length > 0) link.send(records);
});
const link = openBackgroundLink(randomDocumentId(), (paused) => toHook({ type: 'capture', paused }));
