/**
 * What each recorder holds after a workload's last run: a recorder that
 * silently records nothing would look free. Printed as check lines.
 */
import { readSession } from '../../src/cli/session-reader';
import type { NetworkCounts } from './devtools-recorder';
import type { WithDevTools, WithExtension } from './sides';
import type { Counts, Workload } from './workloads';

const show = (n: Counts) =>
  `${n.sockets} socket(s), ${n.sent.toLocaleString('en-US')} sent + ${n.received.toLocaleString('en-US')} received frames`;

function line(name: string, got: Counts, want: Counts, note = ''): string {
  const ok = got.sockets === want.sockets && got.sent === want.sent && got.received === want.received;
  return `${ok ? 'ok  ' : 'MISS'} ${name}: ${show(got)}${note}${ok ? '' : ` (expected ${show(want)})`}`;
}

/** What the extension recorded of the last run, read the way the panel reads it. */
export function recordedByExtension(side: WithExtension, workload: Workload): Promise<string> {
  return side.inspect(async (extension, tabId) => {
    const { session, status } = await readSession(extension, tabId);
    const connections = [...session.connections.values()];
    const got = {
      sockets: connections.length,
      sent: connections.reduce((sum, c) => sum + c.sent.count, 0),
      received: connections.reduce((sum, c) => sum + c.received.count, 0),
    };
    const lost =
      status.droppedFrames || status.rejected ? `; ${status.droppedFrames} dropped, ${status.rejected} rejected` : '';
    return line(workload.name, got, workload.expected, lost);
  });
}

/** The CDP Network events DevTools' recording received in the last run (the side must have settled since; no lever rows). */
export function recordedByDevTools(side: WithDevTools, workload: Workload): string {
  const got: NetworkCounts = side.recorder.counts;
  return line(workload.name, got, workload.expected);
}
