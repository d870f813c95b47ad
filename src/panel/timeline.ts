/**
 * The rows of the messages table: the records of the selected connections that
 * pass the filter, in capture order (one seq across the tab, so several
 * connections merge by time of capture). Rebuilt only when the selection,
 * filter or the record list's base changes; live records are filtered
 * incrementally, so a flood costs work proportional to what arrived.
 */
import type { SessionRecord } from '../protocol/schema';
import type { CompiledFilter } from './filter';
import { lifecycleText } from './format';

export interface TimelineInput {
  /** All records of the tab in seq order (appended to while live). */
  records: readonly SessionRecord[];
  /** Bumped whenever `records` is replaced or shrunk (reset, clear, trim). */
  base: number;
  selection: ReadonlySet<string>;
  filter: CompiledFilter;
}

const lifecycle = (record: SessionRecord) => (record.kind === 'frame' ? '' : lifecycleText(record));

export class Timeline {
  rows: SessionRecord[] = [];
  /** Frames among the rows (what "hits" counts). */
  hits = 0;
  private processed = 0;
  private base = -1;
  private selection: ReadonlySet<string> | null = null;
  private filter: CompiledFilter | null = null;

  /** Brings the rows up to date; returns true when they changed. */
  update({ records, base, selection, filter }: TimelineInput): boolean {
    const rebuild = base !== this.base || selection !== this.selection || filter !== this.filter;
    if (rebuild) {
      this.rows = [];
      this.hits = 0;
      this.processed = 0;
      this.base = base;
      this.selection = selection;
      this.filter = filter;
    }
    if (this.processed === records.length) return rebuild;
    const before = this.rows.length;
    for (let i = this.processed; i < records.length; i++) {
      const record = records[i]!;
      if (!selection.has(record.conn) || !filter.test(record, lifecycle)) continue;
      this.rows.push(record);
      if (record.kind === 'frame') this.hits++;
    }
    this.processed = records.length;
    return rebuild || this.rows.length !== before;
  }
}
