/**
 * `websocket-lens mcp`: the Model Context Protocol server over stdio.
 *
 *   MCP client ══stdio══▶ McpServer (tools.ts) ──TabAccess──▶ SessionClient ──bridge page──▶ extension
 *                                                   └─ LensBrowser: launched Chromium, or --browser-url
 *
 * Standard output carries only the protocol: every word of ours goes to
 * stderr (console.log included, in case a dependency prints). The browser is
 * launched, or connected to, on the first tool call that needs it, so
 * `tools/list` answers at once and a missing Chromium is a tool error the
 * agent can read. The server ends when its input closes.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { TOOL_VERSION } from '../../lib/logs/tool';
import { CliError } from '../cli-error';
import { openLensBrowser, type LensBrowser } from '../lens-browser';
import { TabAccess } from '../tab-access';
import { MCP_HELP, parseMcpArgs, type BrowserArgs } from './args';
import { registerTools } from './tools';

const INSTRUCTIONS = `WebSocket Lens records every WebSocket of the pages in its browser. Start with open_page (or list_tabs), then list_connections; read_frames pages through frames by cursor with filters; wait_for_frame waits for one; send_frame, simulate_incoming, close_connection and simulate_drop act on a connection; set_rules intercepts frames; summarize_connection and export_session sum up or save. Connection ids look like "f3k2a9.1".`;

const say = (line: string) => process.stderr.write(`websocket-lens mcp: ${line}\n`);

export async function mcpCommand(argv: string[]): Promise<number> {
  let options: BrowserArgs;
  try {
    const parsed = parseMcpArgs(argv);
    if (parsed.help) {
      process.stdout.write(`${MCP_HELP}\n`);
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    process.stderr.write(`websocket-lens mcp: ${(error as Error).message}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
  console.log = console.error;
  console.info = console.error;

  let lens: Promise<LensBrowser> | undefined;
  const browser = () => {
    lens ??= openLensBrowser({ ...options, say }).then(
      (opened) => {
        say(opened.connected ? `connected to ${options.browserUrl}` : 'launched Chromium with the extension');
        return opened;
      },
      (error: unknown) => {
        lens = undefined; // the next call tries again
        throw error;
      },
    );
    return lens;
  };

  const server = new McpServer({ name: 'websocket-lens', version: TOOL_VERSION }, { instructions: INSTRUCTIONS });
  registerTools(server, new TabAccess(browser, options.tabs));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  await closed;
  const opened = await lens?.catch(() => undefined);
  await opened?.close().catch(() => {});
  await server.close().catch(() => {});
  return 0;
}
