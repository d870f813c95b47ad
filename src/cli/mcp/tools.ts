/**
 * The MCP server's tools: each a name, a description an agent can act on, a
 * zod input schema, and a body that reads or acts through the session client
 * (via TabAccess) and answers with JSON or a clear error result.
 *
 *   open_page · list_tabs · list_connections · read_frames · wait_for_frame
 *   send_frame · simulate_incoming · close_connection · simulate_drop
 *   set_rules · list_rules · export_session · summarize_connection
 */
import { resolve } from 'node:path';
import * as v from 'valibot';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { RuleSchema, type Command, type Payload, type Rule } from '../../protocol/actions';
import { base64ToBytes, bytesToBase64 } from '../../protocol/base64';
import { RELAY_MAX_HOLD_MS } from '../../protocol/limits';
import { LOG_FORMATS, type LogFormat } from '../../lib/logs/formats';
import { connectionRecords, recordsWithLifecycle, sessionRecords } from '../../lib/logs/select';
import { readSessionWith } from '../session-reader';
import { writeLogFile } from '../log-file';
import {
  compileFrameFilter,
  frameView,
  pageFrames,
  type FrameFilter,
  type FrameFilterInput,
} from '../inspect/frame-query';
import { cursorAfter, encodeCursor } from '../inspect/cursor';
import { DEFAULT_PAYLOAD_CHARS, MAX_PAYLOAD_CHARS } from '../inspect/payload-view';
import { connectionView, summarizeConnection } from '../inspect/connections';
import type { TabAccess } from '../tab-access';
import { runTool, toolResult, ToolError } from './results';

const WAIT_POLL_MS = 250;
const DEFAULT_WAIT_MS = 10_000;
const MAX_WAIT_MS = 120_000;

// ---- input shapes shared by several tools ------------------------------------

const tabId = z
  .number()
  .int()
  .nonnegative()
  .optional()
  .describe('The tab (its id from list_tabs or open_page). Default: the tab open_page opened last, or the only --tab.');
const conn = z.string().min(1).describe('A connection id as list_connections gives it, e.g. "f3k2a9.1".');

const filterShape = {
  text: z
    .string()
    .optional()
    .describe(
      'Free text matched case-insensitively in the payload (binary frames also by hex such as "0a 1b"), or /regex/flags; a leading "-" keeps only frames that do NOT match. Decoded terms may be mixed in: name:chat, kind:ACK, protocol:stomp, id:42, topic:prices/*.',
    ),
  regex: z.string().optional().describe('A JavaScript regular expression (no slashes) the payload must match too.'),
  direction: z
    .enum(['sent', 'received', 'all'])
    .optional()
    .describe('sent (page → server), received, or all (default).'),
  type: z.enum(['text', 'binary', 'all']).optional().describe('Payload type; default all.'),
  minSize: z.number().int().nonnegative().optional().describe('Smallest payload size in bytes.'),
  maxSize: z.number().int().nonnegative().optional().describe('Largest payload size in bytes.'),
  decoded: z
    .object({
      protocol: z.string().optional(),
      kind: z.string().optional(),
      name: z.string().optional(),
      id: z.string().optional(),
    })
    .optional()
    .describe(
      'What the protocol decoders read (Socket.IO, STOMP, MQTT, GraphQL, JSON-RPC, SignalR…): each value matches whole, ignoring case, * for any run. E.g. {"name": "order.*"} or {"kind": "error"}.',
    ),
  hideControl: z.boolean().optional().describe('Leave out heartbeats and transport chatter the decoders recognised.'),
};

type FilterArgs = { [K in keyof typeof filterShape]?: z.infer<(typeof filterShape)[K]> };

function filterOf(args: FilterArgs): FrameFilter {
  const input: FrameFilterInput = {
    text: args.text,
    regex: args.regex,
    direction: args.direction,
    type: args.type,
    minSize: args.minSize,
    maxSize: args.maxSize,
    decoded: args.decoded,
    hideControl: args.hideControl,
  };
  const compiled = compileFrameFilter(input);
  if (!compiled.ok) throw new ToolError(`Bad filter: ${compiled.error}`);
  return compiled.filter;
}

const hasFilter = (args: FilterArgs) => Object.values(args).some((value) => value !== undefined);

const payloadShape = {
  data: z.string().describe('The payload: text, or base64 when encoding is "base64".'),
  encoding: z.enum(['text', 'base64']).optional().describe('text (default) sends a text frame; base64 a binary frame.'),
};

function payloadOf(data: string, encoding: 'text' | 'base64' | undefined): Payload {
  if (encoding !== 'base64') return { type: 'text', data };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0)
    throw new ToolError('The data is not valid base64 (encoding "base64" sends a binary frame).');
  return { type: 'binary', data: bytesToBase64(base64ToBytes(data)) };
}

const ruleShape = z.object({
  id: z.string().min(1).max(64).optional().describe('Kept if given; made up otherwise.'),
  name: z.string().min(1).max(100).describe('A name for people and for the frames it acts on (their intercept.rule).'),
  enabled: z.boolean().optional().describe('Default true.'),
  direction: z.enum(['sent', 'received', 'both']).describe('Which frames it looks at.'),
  url: z.string().optional().describe('Matches the socket URL: "" (any, default), text (as is) or /regex/flags.'),
  payload: z.string().optional().describe('Matches text payloads: "" (any frame, default), text or /regex/flags.'),
  action: z
    .enum(['block', 'replace', 'delay', 'break'])
    .describe(
      'block drops the frame; replace rewrites it; delay holds it delayMs; break pauses it (the panel resumes).',
    ),
  delayMs: z.number().int().nonnegative().optional(),
  replace: z
    .union([
      z.object({ mode: z.literal('matches'), text: z.string() }),
      z.object({
        mode: z.literal('whole'),
        payload: z.object({ type: z.enum(['text', 'binary']), data: z.string() }),
      }),
    ])
    .optional()
    .describe('For replace: each match of the payload pattern becomes text ($1, $& work), or the whole payload.'),
});

// ---- the tools ---------------------------------------------------------------

export function registerTools(server: McpServer, access: TabAccess): void {
  server.registerTool(
    'open_page',
    {
      title: 'Open a page',
      description:
        'Opens a URL in a new browser tab (or, with tabId, navigates that tab) and waits for its load event. WebSocket Lens records every WebSocket of the page from its first script on. Returns the tabId the other tools take.',
      inputSchema: {
        url: z.string().describe('An http(s) page URL, e.g. http://localhost:3000/.'),
        tabId: tabId.describe('Navigate this tab instead of opening a new one.'),
        timeoutMs: z.number().int().positive().max(120_000).optional().describe('Load timeout; default 30000.'),
      },
    },
    (args) =>
      runTool(async () => {
        const url = pageUrl(args.url);
        const lens = await access.browser();
        if (args.tabId === undefined && access.allowed !== null)
          throw new ToolError(
            'This server serves only the tabs given with --tab: give one of them as tabId to navigate it.',
          );
        const tab =
          args.tabId === undefined
            ? await lens.open(url, args.timeoutMs)
            : await lens.navigate(access.tab(args.tabId), url, args.timeoutMs);
        access.opened(tab.tabId);
        return toolResult({ ...tab });
      }),
  );

  server.registerTool(
    'list_tabs',
    {
      title: 'List tabs',
      description:
        'Lists the browser tabs (id, URL, title) with how many WebSocket connections and frames the extension recorded in each.',
      inputSchema: {},
    },
    () =>
      runTool(async () => {
        const lens = await access.browser();
        const [tabs, sessions] = await Promise.all([lens.tabs(), lens.client.tabs()]);
        const counts = new Map(sessions.map((s) => [s.tabId, s]));
        return toolResult({
          tabs: tabs
            .filter((tab) => access.may(tab.tabId))
            .map((tab) => ({
              ...tab,
              connections: counts.get(tab.tabId)?.connections ?? 0,
              frames: counts.get(tab.tabId)?.frames ?? 0,
            })),
        });
      }),
  );

  server.registerTool(
    'list_connections',
    {
      title: 'List connections',
      description:
        "Lists a tab's WebSocket connections: id (conn), URL, state (connecting, open, closing, closed), frame counts and bytes each way, subprotocol, the protocol the decoders recognised (decodedProtocol: socket.io, stomp, json-rpc…), close code and errors.",
      inputSchema: {
        tabId,
        state: z
          .enum(['connecting', 'open', 'closing', 'closed'])
          .optional()
          .describe('Only connections in this state.'),
      },
    },
    (args) =>
      runTool(async () => {
        const tab = await access.load(access.tab(args.tabId));
        const connections = [...tab.session.connections.values()]
          .filter((c) => args.state === undefined || c.state === args.state)
          .map((c) => connectionView(c, tab.decoded));
        return toolResult({ tabId: tab.tabId, connections });
      }),
  );

  server.registerTool(
    'read_frames',
    {
      title: 'Read frames',
      description:
        'Reads recorded frames of a tab, or of some of its connections, in capture order (seq), a page at a time, filtered. Pass nextCursor back as cursor for the next page; when more is false, the same cursor later returns only frames recorded since. Payloads longer than maxPayloadChars are cut and marked (payload.cut); binary payloads are base64. Decoded fields (protocol, kind, name, id, replyTo, latencyMs) come with frames the decoders read.',
      inputSchema: {
        tabId,
        conn: conn.optional().describe('Only this connection (list_connections).'),
        conns: z.array(z.string()).optional().describe('Only these connections.'),
        cursor: z.string().optional().describe('nextCursor of a previous call; omit to start from the first frame.'),
        limit: z.number().int().min(1).max(500).optional().describe('Frames per page; default 50.'),
        maxPayloadChars: z
          .number()
          .int()
          .min(16)
          .max(MAX_PAYLOAD_CHARS)
          .optional()
          .describe(`Cut payloads at this many characters; default ${DEFAULT_PAYLOAD_CHARS}.`),
        ...filterShape,
      },
    },
    (args) =>
      runTool(async () => {
        const filter = filterOf(args);
        const tab = await access.load(access.tab(args.tabId));
        const conns = [...(args.conn ? [args.conn] : []), ...(args.conns ?? [])];
        for (const id of conns) access.connection(tab, id);
        const after = cursorAfter(args.cursor, tab.epoch);
        if (!after.ok) throw new ToolError(after.error);
        const page = pageFrames(tab.decoded, { after: after.after, limit: args.limit ?? 50, conns, filter });
        return toolResult({
          tabId: tab.tabId,
          frames: page.frames.map((f) => frameView(f, tab.decoded, args.maxPayloadChars)),
          nextCursor: encodeCursor(tab.epoch, page.last),
          more: page.more,
        });
      }),
  );

  server.registerTool(
    'wait_for_frame',
    {
      title: 'Wait for a frame',
      description: `Waits until a frame matching the filter is recorded in the tab (or one connection) and returns it, or fails after timeoutMs. Counts frames recorded after the call starts, or after cursor if given (a nextCursor of read_frames or wait_for_frame). A page may hold a flood of frames up to ${RELAY_MAX_HOLD_MS / 1000} s before the extension records them: allow for that in timeoutMs.`,
      inputSchema: {
        tabId,
        conn: conn.optional().describe('Only frames of this connection.'),
        cursor: z.string().optional().describe('Count frames after this cursor instead of from now.'),
        timeoutMs: z
          .number()
          .int()
          .positive()
          .max(MAX_WAIT_MS)
          .optional()
          .describe(`How long to wait; default ${DEFAULT_WAIT_MS}.`),
        maxPayloadChars: z.number().int().min(16).max(MAX_PAYLOAD_CHARS).optional(),
        ...filterShape,
      },
    },
    (args) =>
      runTool(async () => {
        const filter = filterOf(args);
        const tabIdValue = access.tab(args.tabId);
        const timeoutMs = args.timeoutMs ?? DEFAULT_WAIT_MS;
        const deadline = Date.now() + timeoutMs;
        let tab = await access.load(tabIdValue);
        if (args.conn) access.connection(tab, args.conn);
        let epoch = tab.epoch;
        let after: number;
        if (args.cursor !== undefined) {
          const given = cursorAfter(args.cursor, tab.epoch);
          if (!given.ok) throw new ToolError(given.error);
          after = given.after;
        } else after = tab.records.at(-1)?.seq ?? -1;
        const conns = args.conn ? [args.conn] : undefined;
        for (;;) {
          // A new page or a clear starts a new epoch: everything in it is new.
          if (tab.epoch !== epoch) [epoch, after] = [tab.epoch, -1];
          const page = pageFrames(tab.decoded, { after, limit: 1, conns, filter });
          const [frame] = page.frames;
          if (frame)
            return toolResult({
              tabId: tab.tabId,
              frame: frameView(frame, tab.decoded, args.maxPayloadChars),
              cursor: encodeCursor(tab.epoch, frame.seq),
            });
          after = page.last;
          if (Date.now() >= deadline)
            throw new ToolError(
              `No frame matching the filter was recorded in tab ${tab.tabId}${args.conn ? ` on ${args.conn}` : ''} within ${timeoutMs / 1000} s.`,
            );
          await new Promise((done) => setTimeout(done, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
          tab = await access.refresh(tab);
        }
      }),
  );

  const act = (
    name: string,
    title: string,
    description: string,
    shape: z.ZodRawShape,
    command: (args: Record<string, unknown>) => Command,
    done: string,
  ) =>
    server.registerTool(name, { title, description, inputSchema: { tabId, conn, ...shape } }, (args) => {
      const input = args as Record<string, unknown> & { tabId?: number; conn: string };
      let url: string | undefined;
      return runTool(
        async () => {
          const made = command(input);
          const tab = await access.load(access.tab(input.tabId));
          const connection = access.connection(tab, input.conn);
          url = connection.url;
          await (await access.browser()).client.command(tab.tabId, input.conn, made);
          return toolResult({ tabId: tab.tabId, conn: input.conn, url: connection.url, done });
        },
        () => url && `the socket to ${url}`,
      );
    });

  act(
    'send_frame',
    'Send a frame',
    'Sends a frame to the server on an open connection, as the page would (the server receives it; recorded with origin "devtools").',
    payloadShape,
    (a) => ({ type: 'send', payload: payloadOf(a.data as string, a.encoding as 'text' | 'base64' | undefined) }),
    'sent',
  );
  act(
    'simulate_incoming',
    'Simulate an incoming message',
    'Delivers a message to the page as if the server had sent it (the page\'s listeners see it; the server does not). Recorded with origin "simulated".',
    payloadShape,
    (a) => ({ type: 'simulate', payload: payloadOf(a.data as string, a.encoding as 'text' | 'base64' | undefined) }),
    'delivered to the page',
  );
  act(
    'close_connection',
    'Close a connection',
    "Closes the socket from the page's side with close(code, reason): the server sees the close.",
    {
      code: z.number().int().optional().describe('1000 (default) or 3000–4999.'),
      reason: z.string().max(123).optional().describe('At most 123 bytes of UTF-8.'),
    },
    (a) => {
      const code = a.code as number | undefined;
      if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999))
        throw new ToolError(`A close code must be 1000 or 3000–4999, not ${code}.`);
      return { type: 'close', code, reason: a.reason as string | undefined };
    },
    'closed',
  );
  act(
    'simulate_drop',
    'Simulate a drop or server close',
    'Shows the page a close it did not ask for: by default a dropped connection (1006, unclean); give code, reason and wasClean for a server close. The real socket is closed too.',
    {
      code: z.number().int().min(1000).max(4999).optional().describe('Default 1006 (abnormal closure).'),
      reason: z.string().max(123).optional(),
      wasClean: z.boolean().optional().describe('Default false for 1006, true otherwise.'),
    },
    (a) => {
      const code = (a.code as number | undefined) ?? 1006;
      return {
        type: 'simulate-close',
        code,
        reason: (a.reason as string | undefined) ?? '',
        wasClean: (a.wasClean as boolean | undefined) ?? code !== 1006,
      };
    },
    'the page saw the connection close',
  );

  server.registerTool(
    'set_rules',
    {
      title: 'Set intercept rules',
      description:
        "Replaces the tab's intercept rules (at most 100; [] removes them all). A rule matches frames by direction, socket URL and payload, then blocks, replaces, delays or pauses them before the server (sent) or the page (received) sees them. Frames a rule acted on are recorded with intercept {rule, action}.",
      inputSchema: { tabId, rules: z.array(ruleShape).max(100) },
    },
    (args) =>
      runTool(async () => {
        const id = access.tab(args.tabId);
        const rules = args.rules.map((rule, i): Rule => {
          const candidate = {
            ...rule,
            id: rule.id ?? `mcp-${Date.now().toString(36)}-${i}`,
            enabled: rule.enabled ?? true,
            url: rule.url ?? '',
            payload: rule.payload ?? '',
          };
          const parsed = v.safeParse(RuleSchema, candidate);
          if (!parsed.success)
            throw new ToolError(
              `Rule ${i + 1} ("${rule.name}") is not valid: ${parsed.issues.map((issue) => issue.message).join('; ')}.`,
            );
          return parsed.output;
        });
        await (await access.browser()).client.setRules(id, rules);
        return toolResult({ tabId: id, rules });
      }),
  );

  server.registerTool(
    'list_rules',
    {
      title: 'List intercept rules',
      description:
        "Lists the tab's intercept rules, set with set_rules or in the DevTools panel: each rule's id, name, direction, URL and payload patterns, action and whether it is enabled.",
      inputSchema: { tabId },
    },
    (args) =>
      runTool(async () => {
        const id = access.tab(args.tabId);
        const { status } = await statusOf(access, id);
        return toolResult({ tabId: id, rules: status.rules });
      }),
  );

  server.registerTool(
    'export_session',
    {
      title: 'Export a session',
      description:
        "Writes a tab's recorded session, some connections, or the frames a filter picks (with their connections' lifecycle) to a file: HAR (Chrome DevTools' WebSocket shape), json (WebSocket Lens session: everything captured), ndjson (one frame per line, with decoded fields) or text. Returns the absolute path, bytes and counts.",
      inputSchema: {
        tabId,
        path: z.string().min(1).describe("Where to write (relative to the server's working directory)."),
        format: z.enum(['har', 'json', 'ndjson', 'text']).optional().describe('Default har.'),
        conns: z.array(z.string()).optional().describe('Only these connections.'),
        ...filterShape,
      },
    },
    (args) =>
      runTool(async () => {
        const format: LogFormat = args.format ?? 'har';
        const { path, conns } = args;
        const filterArgs: FilterArgs = Object.fromEntries(
          Object.keys(filterShape).map((key) => [key, args[key as keyof FilterArgs]]),
        );
        const filter = hasFilter(filterArgs) ? filterOf(filterArgs) : null;
        const id = access.tab(args.tabId);
        const tab = await access.load(id);
        for (const c of conns ?? []) access.connection(tab, c);
        let records = conns?.length ? connectionRecords(tab.session, conns) : sessionRecords(tab.session);
        if (filter)
          records = recordsWithLifecycle(
            tab.session,
            records.filter((r) => r.kind === 'frame' && filter.test(r, tab.decoded.messages)),
          );
        const lens = await access.browser();
        const pageUrl = (await lens.tabs().catch(() => [])).find((t) => t.tabId === id)?.url;
        const absolute = resolve(path);
        let bytes: number;
        try {
          bytes = await writeLogFile(absolute, format, records, { pageUrl, exportedAt: Date.now() });
        } catch (error) {
          throw new ToolError(`Could not write ${absolute}: ${(error as Error).message}`);
        }
        const connections = new Set(records.map((r) => r.conn)).size;
        const frames = records.filter((r) => r.kind === 'frame').length;
        return toolResult({
          tabId: id,
          path: absolute,
          format,
          mimeType: LOG_FORMATS[format].mimeType,
          bytes,
          connections,
          frames,
        });
      }),
  );

  server.registerTool(
    'summarize_connection',
    {
      title: 'Summarise a connection',
      description:
        'Sums up one connection: state, frames and bytes each way, rates (per second, peak), the most frequent decoded messages with reply latency and unanswered requests, heartbeats, frames rules acted on, and problems in words (failed handshake, error event, unclean or unusual close, frames the decoder could not read, requests never answered).',
      inputSchema: { tabId, conn },
    },
    (args) =>
      runTool(async () => {
        const tab = await access.load(access.tab(args.tabId));
        const connection = access.connection(tab, args.conn);
        return toolResult({ tabId: tab.tabId, ...summarizeConnection(connection, tab.decoded) });
      }),
  );
}

function pageUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ToolError(`"${text}" is not a URL: give the scheme too, e.g. http://${text.replace(/^\/+/, '')}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ToolError(`Only http:// and https:// pages can be recorded, not ${url.protocol}`);
  return url.href;
}

/** The tab's status (rules among it): a subscription's snapshot, one at a time (a client has one subscription). */
let statusQueue: Promise<unknown> = Promise.resolve();
function statusOf(access: TabAccess, id: number) {
  const run = statusQueue.then(async () => {
    const client = (await access.browser()).client;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ToolError("The extension did not send the tab's status in time.")), 10_000);
    });
    try {
      return await Promise.race([readSessionWith(client, id), late]);
    } finally {
      clearTimeout(timer);
    }
  });
  statusQueue = run.catch(() => {});
  return run;
}
