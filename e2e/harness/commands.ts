/**
 * Commands to a socket sent the way the panel sends them (through the one
 * session client), for tests of the command path itself, below the panel UI.
 */
import { ClientError, type SessionClient } from '../../src/client/types';
import type { ServiceErrorCode } from '../../src/protocol/errors';
import type { Command } from '../../src/protocol/actions';

/** Runs one command; resolves with null when done, or the error's code. */
export async function sendCommand(
  client: SessionClient,
  tabId: number,
  conn: string,
  command: Command,
): Promise<ServiceErrorCode | null> {
  try {
    await client.command(tabId, conn, command);
    return null;
  } catch (error) {
    if (error instanceof ClientError) return error.code;
    throw error;
  }
}
