/**
 * What the composer sent (or simulated), newest first, for this panel's
 * lifetime: picking an entry puts it back in the editor.
 */
import { signal } from '@preact/signals';
import type { Payload } from '../../protocol/actions';

export const HISTORY_SIZE = 50;

export const composeHistory = signal<readonly Payload[]>([]);

/** `history` with `payload` in front (an identical older entry moves up rather than repeating). */
export function remember(history: readonly Payload[], payload: Payload): Payload[] {
  const rest = history.filter((p) => p.type !== payload.type || p.data !== payload.data);
  return [payload, ...rest].slice(0, HISTORY_SIZE);
}
