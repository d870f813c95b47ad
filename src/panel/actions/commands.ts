/**
 * Commands to one socket of the inspected tab, as promises: each gets an id,
 * goes out on the panel's port, and settles with the hub's `result` (or our
 * own timeout, a little after the hub's, should the worker die meanwhile).
 * Results are words for the user: null when done, else the error.
 */
import { signal } from '@preact/signals';
import { COMMAND_TIMEOUT_MS, CommandSchema, type Command } from '../../protocol/actions';
import { parseWith } from '../../protocol/schema';
import { send } from '../background-link';

export interface ActionMessage {
  error: boolean;
  text: string;
}

/** What the last action did, for the panel to show (role=status, or role=alert for an error). */
export const actionMessage = signal<ActionMessage | null>(null);

const pending = new Map<number, { settle(error: string | null): void; timer: ReturnType<typeof setTimeout> }>();
let nextId = 1;

export function runCommand(tabId: number, conn: string, command: Command): Promise<string | null> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle('timeout: no answer from the extension'), COMMAND_TIMEOUT_MS + 2000);
    const settle = (error: string | null) => {
      clearTimeout(timer);
      pending.delete(id);
      resolve(error);
    };
    pending.set(id, { settle, timer });
    if (!send({ type: 'command', id, tabId, conn, command })) settle('not connected to the extension; try again');
  });
}

/** Runs a command and shows its outcome: `done` on success, the hub's words on failure. */
export async function act(tabId: number, conn: string, command: Command, done: string): Promise<boolean> {
  // The hub would refuse an invalid command with a bare error: say what is wrong here, at once.
  const valid = parseWith(CommandSchema, command);
  const error = valid.ok ? await runCommand(tabId, conn, command) : valid.error;
  actionMessage.value = error === null ? { error: false, text: done } : { error: true, text: `Failed: ${error}` };
  return error === null;
}

/** The hub's answer to one of our commands. */
export function settleCommand(id: number, error: string | undefined): void {
  pending.get(id)?.settle(error ?? null);
}
