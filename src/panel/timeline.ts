/**
 * The rows of the messages table: the records of the selected connections that
 * pass the filter, in capture order (one seq across the tab, so several
 * connections merge by time of capture). Rebuilt only when the selection,
 * filter or the record list's base changes; live records are filtered
 * incrementally, so a flood costs work proportional to what arrived.
 * Each row also gets its delta: the time since the previous frame of the same
 * connection (whether or not the filter shows that frame), as the Delta column
 * shows it.
 */
import type { SessionRecord } from '../protocol/schema';
import type { CompiledFilter } from '../lib/filter/filter';
import type { DecodedMessage } from '../lib/decoders/types';
import { lifecycleText } from './format';

export interface TimelineInput {
  /** All records of the tab in seq order (appended to while live). */
  records: readonly SessionRecord[];
  /** Bumped whenever `records` is replaced or shrunk (reset, clear, trim). */
  base: number;
  selection: ReadonlySet<string>;
  filter: CompiledFilter;
  /** What decoders read of a frame, for filter terms on it (`name:chat`). */
  decoded?: (record: SessionRecord) => readonly DecodedMessage[] | undefined;
  /** Changes when what `decoded` answers changed for records already seen. */
  decodedVersion?: number;
}

const lifecycle = (record: SessionRecord) => (record.kind === 'frame' ? '' : lifecycleText(record));

export class Timeline {
  rows: SessionRecord[] = [];
  /** Per row: ms since the previous frame of its connection; NaN for a connection's first frame and lifecycle rows. */
  deltas: number[] = [];
  /** Frames among the rows (what "hits" counts). */
  hits = 0;
  /** Bumped when the rows are built anew (not when rows are appended). */
  rebuilds = 0;
  private lastFrameAt = new Map<string, number>();
  private processed = 0;
  private base = -1;
  private selection: ReadonlySet<string> | null = null;
  private filter: CompiledFilter | null = null;
  private decodedVersion: number | undefined;

  /** Brings the rows up to date; returns true when they changed. */
  update({ records, base, selection, filter, decoded, decodedVersion }: TimelineInput): boolean {
    const rebuild =
      base !== this.base ||
      selection !== this.selection ||
      filter !== this.filter ||
      (decodedVersion !== this.decodedVersion && !filter.empty);
    if (rebuild) {
      this.rebuilds++;
      this.rows = [];
      this.deltas = [];
      this.lastFrameAt = new Map();
      this.hits = 0;
      this.processed = 0;
      this.base = base;
      this.selection = selection;
      this.filter = filter;
      this.decodedVersion = decodedVersion;
    }
    if (this.processed === records.length) return rebuild;
    const before = this.rows.length;
    for (let i = this.processed; i < records.length; i++) {
      const record = records[i]!;
      let delta = NaN;
      if (record.kind === 'frame') {
        const previous = this.lastFrameAt.get(record.conn);
        if (previous !== undefined) delta = record.t - previous;
        this.lastFrameAt.set(record.conn, record.t);
      }
      if (!selection.has(record.conn) || !filter.test(record, lifecycle, decoded)) continue;
      this.rows.push(record);
      this.deltas.push(delta);
      if (record.kind === 'frame') this.hits++;
    }
    this.processed = records.length;
    return rebuild || this.rows.length !== before;
  }

  /** The row index of the record with this seq, or -1 when it is not shown (rows are in seq order). */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.rows[mid]!.seq;
      if (at === seq) return mid;
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
