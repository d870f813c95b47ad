/**
 * Any HAR → session records: ours, Chrome DevTools' or another tool's.
 * Entries without `_webSocketMessages` (HTTP requests; WebSockets from
 * exporters that leave frames out) are skipped; every other entry becomes one
 * connection. Records are numbered in capture order across connections.
 */
import * as v from 'valibot';
import { NavigationSchema } from '../../protocol/messages';
import type { SessionRecord } from '../../protocol/schema';
import { canonicalRecord } from './canonical';
import { readEntry, type EntryRecords, type EntryStats } from './har-entry';
import { isObject, pageUrlOf, shown, type Json } from './har-fields';
import { fail, type ImportedMeta, type ImportResult } from './import-result';

/** Takes the parsed HAR over: entries are released once read, so a big file is not held twice. */
export function readHar(root: Json): ImportResult {
  const log = root.log;
  if (!isObject(log)) return fail(`Not a HAR: "log" must be an object, not ${shown(log)}.`);
  if (!('entries' in log)) return fail('Not a HAR: missing log.entries.');
  const entries = log.entries;
  if (!Array.isArray(entries)) return fail(`Not a HAR: log.entries must be an array, not ${shown(entries)}.`);

  const stats: EntryStats = { controlFrames: 0, cutFrames: 0, msTimes: 0, errorMessages: 0, closesMadeUp: 0 };
  const connections: EntryRecords[] = [];
  const conns = new Set<string>();
  let withoutMessages = 0;
  const total = entries.length;
  for (let i = 0; i < total; i++) {
    const entry: unknown = entries[i];
    if (!isObject(entry)) return fail(`log.entries[${i}] must be an object, not ${shown(entry)}.`);
    if (entry._webSocketMessages === undefined) {
      if (looksLikeWebSocket(entry)) withoutMessages++;
      continue;
    }
    if (!Array.isArray(entry._webSocketMessages))
      return fail(`log.entries[${i}]: _webSocketMessages must be an array, not ${shown(entry._webSocketMessages)}.`);
    const read = readEntry(entry, i, { pages: log.pages, sid: connections.length + 1, stats });
    if (typeof read === 'string') return fail(`${read}.`);
    const conn = read.records[0]!.conn;
    if (conns.has(conn)) return fail(`log.entries[${i}]: connection id "${conn}" is used by an earlier entry too.`);
    conns.add(conn);
    connections.push(read);
    entries[i] = undefined;
  }
  if (!connections.length) {
    const skipped = withoutMessages
      ? ` ${withoutMessages} of them ${withoutMessages === 1 ? 'is a WebSocket' : 'are WebSockets'} without messages: some exporters (Firefox's, for one) leave WebSocket frames out of HAR files.`
      : '';
    return fail(`This HAR has no WebSocket messages: none of its ${total} entries has _webSocketMessages.${skipped}`);
  }
  const warnings = describeStats(stats, withoutMessages);
  const meta = readMeta(log, connections, warnings);
  return { ok: true, source: 'har', records: numbered(connections), warnings, meta };
}

function looksLikeWebSocket(entry: Json): boolean {
  const url = isObject(entry.request) ? entry.request.url : undefined;
  return entry._resourceType === 'websocket' || (typeof url === 'string' && /^wss?:/i.test(url));
}

/** One seq per record in capture order: our own seqs if every record kept one, else time (ties: file order). */
function numbered(connections: EntryRecords[]): SessionRecord[] {
  const bySeq = connections.every((c) => c.seqKeys);
  const records: SessionRecord[] = [];
  const keys: number[] = [];
  for (const c of connections) {
    const own = bySeq ? c.seqKeys! : c.timeKeys;
    for (let k = 0; k < c.records.length; k++) {
      records.push(c.records[k]!);
      keys.push(own[k]!);
    }
  }
  const order = Array.from(records.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order.map((index, seq) => canonicalRecord(records[index]!, seq));
}

function describeStats(stats: EntryStats, withoutMessages: number): string[] {
  const warnings: string[] = [];
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  if (withoutMessages)
    warnings.push(
      `${n(withoutMessages, 'WebSocket entry has', 'WebSocket entries have')} no _webSocketMessages and ${withoutMessages === 1 ? 'was' : 'were'} skipped.`,
    );
  if (stats.closesMadeUp)
    warnings.push(
      `HAR does not record how a WebSocket ended: ${n(stats.closesMadeUp, 'connection ends', 'connections end')} with a stand-in close (code 1005 "no status" at the last message; 1006 after a failed handshake).`,
    );
  if (stats.controlFrames)
    warnings.push(
      `${n(stats.controlFrames, 'control frame was', 'control frames were')} skipped (ping, pong, close: opcodes 8–10).`,
    );
  if (stats.cutFrames)
    warnings.push(
      `${n(stats.cutFrames, 'message longer than 1 MiB was', 'messages longer than 1 MiB were')} cut to 1 MiB, as the extension cuts what it captures (the true size is kept).`,
    );
  if (stats.msTimes)
    warnings.push(
      `${n(stats.msTimes, 'message time looks', 'message times look')} like milliseconds, not seconds, and ${stats.msTimes === 1 ? 'was' : 'were'} read as such.`,
    );
  if (stats.errorMessages)
    warnings.push(
      `${n(stats.errorMessages, '"error" message became an error event', '"error" messages became error events')} (without their text).`,
    );
  return warnings;
}

function readMeta(log: Json, connections: EntryRecords[], warnings: string[]): ImportedMeta {
  const meta: ImportedMeta = {};
  const creator = log.creator;
  if (isObject(creator) && typeof creator.name === 'string') {
    meta.creator = { name: creator.name, version: typeof creator.version === 'string' ? creator.version : '' };
  }
  const pageUrl = pageUrlOf(log.pages, undefined);
  if (pageUrl) meta.pageUrl = pageUrl;
  const lens = isObject(log._webSocketLens) ? log._webSocketLens : {};
  const exportedAt = typeof lens.exportedAt === 'string' ? Date.parse(lens.exportedAt) : NaN;
  if (!Number.isNaN(exportedAt)) meta.exportedAt = exportedAt;
  if (lens.navigations !== undefined) {
    const navigations = v.safeParse(v.array(NavigationSchema), lens.navigations);
    if (navigations.success) meta.navigations = navigations.output;
    else warnings.push('log._webSocketLens.navigations is not valid and was left out.');
  }
  const dropped = connections.filter((c) => c.droppedFrames);
  if (dropped.length) {
    meta.droppedByConnection = Object.fromEntries(dropped.map((c) => [c.records[0]!.conn, c.droppedFrames!]));
  }
  return meta;
}
