/**
 * One tab's capture: every validated record in arrival order, with a per-tab
 * sequence number, plus the documents it came from. Connection ids are
 * "<document>.<socket>" where the document number is local to the tab.
 */
import type { SessionRecord, WireRecord } from '../protocol/schema';

export class TabSession {
  readonly records: SessionRecord[] = [];
  private readonly documents = new Map<string, number>();
  /** Sockets whose create record we accepted, per connection id: later records must name one. */
  private readonly known = new Set<string>();
  private nextSeq = 0;
  /** The document id of the current top-level document, to tell a navigation from a reconnect. */
  topDocument: string | undefined;
  dropped = 0;

  /** Validated records in, session records out; records for unknown sockets are dropped and counted. */
  add(docId: string, frameId: number, records: WireRecord[]): SessionRecord[] {
    let doc = this.documents.get(docId);
    if (doc === undefined) {
      doc = this.documents.size + 1;
      this.documents.set(docId, doc);
    }
    const added: SessionRecord[] = [];
    for (const record of records) {
      const conn = `${doc}.${record.sid}`;
      if (record.kind === 'create') {
        if (this.known.has(conn)) {
          this.dropped++;
          continue;
        }
        this.known.add(conn);
      } else if (!this.known.has(conn)) {
        this.dropped++;
        continue;
      }
      const stored = { ...record, seq: this.nextSeq++, conn, frameId } as SessionRecord;
      this.records.push(stored);
      added.push(stored);
    }
    return added;
  }
}
