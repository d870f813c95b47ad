/**
 * The debugger hands the extension one CDP event per frame; filing each on its
 * own cost the session service a validation, a store write and a client
 * message per frame. Records wait here until BATCH_RECORDS gathered or
 * BATCH_MS passed, and go in one ingest, in the order they came; close()
 * files what waits first.
 */
export interface IngestTarget<R> {
  ingest(records: R[]): void;
  close(): void;
}

export const BATCH_RECORDS = 500;
export const BATCH_MS = 20;

/** `ms` 0 files every ingest at once (tests that follow each event). */
export function batchedIngest<R, T extends IngestTarget<R>>(
  target: T,
  ms = BATCH_MS,
  timer: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void } = {
    set: (run, ms) => setTimeout(run, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): T {
  let pending: R[] = [];
  let scheduled: unknown;
  const flush = () => {
    if (scheduled !== undefined) timer.clear(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const records = pending;
    pending = [];
    target.ingest(records);
  };
  return {
    ...target,
    ingest(records: R[]) {
      for (const record of records) pending.push(record);
      if (pending.length >= BATCH_RECORDS || ms === 0) flush();
      else scheduled ??= timer.set(flush, ms);
    },
    close() {
      flush();
      target.close();
    },
  };
}
