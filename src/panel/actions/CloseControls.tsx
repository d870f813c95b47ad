/**
 * Ending a connection from DevTools: close it for real with a code and reason
 * the server sees, or show the page a close the server never sent (a clean
 * server close, or a dropped connection: 1006, unclean) while the real socket
 * is closed underneath so its state agrees with what the page was shown.
 */
import { useState } from 'preact/hooks';
import type { Connection } from '../../lib/session';
import { usePanelStore } from '../store-context';

export function CloseControls({ connection }: { connection: Connection }) {
  const { act, nameOf } = usePanelStore();
  const [code, setCode] = useState('1000');
  const [reason, setReason] = useState('');
  const alive = connection.state === 'open' || connection.state === 'connecting';
  const open = connection.state === 'open';
  const conn = connection.id;
  const target = nameOf(conn);
  const number = Number(code);

  return (
    <div class="composer-actions" role="group" aria-label="Close">
      <input
        class="close-code"
        type="number"
        aria-label="Close code"
        min={1000}
        max={4999}
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
      />
      <input
        aria-label="Close reason"
        placeholder="Reason"
        maxLength={123}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button
        type="button"
        disabled={!alive}
        title="Close the socket: the server gets this code and reason"
        onClick={() => void act(conn, { type: 'close', code: number, reason }, `Closed ${target} with ${number}`)}
      >
        Close
      </button>
      <button
        type="button"
        disabled={!open}
        title="The page sees the server close with this code and reason"
        onClick={() =>
          void act(
            conn,
            { type: 'simulate-close', code: number, reason, wasClean: true },
            `The page saw ${target} closed by the server with ${number}`,
          )
        }
      >
        Simulate server close
      </button>
      <button
        type="button"
        disabled={!open}
        title="The page sees the connection drop: close 1006, not clean"
        onClick={() =>
          void act(
            conn,
            { type: 'simulate-close', code: 1006, reason: '', wasClean: false },
            `The page saw ${target} drop (1006)`,
          )
        }
      >
        Simulate drop (1006)
      </button>
    </div>
  );
}
