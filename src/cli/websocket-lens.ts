/**
 * The `websocket-lens` command (src/cli/bin.js runs this file through
 * tsx): `record`, `mcp`, `tail`, `list`, `export`, `diff`, `replay`, `mock` and
 * `playwright`.
 */
import { recordCommand } from './record';
import { mcpCommand } from './mcp/server';
import { exportCommand, listCommand, tailCommand } from './session-commands';
import { diffCommand } from './diff-command';
import { replayCommand } from './replay';
import { mockCommand } from './mock';
import { playwrightCommand } from './playwright-export';
import { TOOL_VERSION } from '../lib/logs/tool';

const HELP = `Usage: websocket-lens <command> [options]

Commands:
  record <url>   record every WebSocket of a page into a HAR or JSON log
                 (websocket-lens record --help for its options)
  mcp            a Model Context Protocol server on stdio: tools to open pages
                 and read, wait for, send, intercept and export their sockets
  list           the tabs and the WebSockets recorded in each
  tail           follow new frames of a tab or connection as NDJSON lines
  export         write a tab's session (or a selection) as HAR, JSON or NDJSON
  diff <a> <b>   compare two logs frame by frame (exit 0 same, 1 different)
  replay <log>   replay a recorded connection against its server and diff the replies
  mock <log>     serve a recording as a WebSocket server that answers like it
  playwright <log>
                 a recorded connection as a Playwright test (page.routeWebSocket)

  Each takes --help. mcp, list, tail and export launch Chromium with the
  extension, or use yours with --browser-url http://127.0.0.1:9222.

  --version      print the version`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'record') return recordCommand(rest);
  if (command === 'mcp') return mcpCommand(rest);
  if (command === 'list') return listCommand(rest);
  if (command === 'tail') return tailCommand(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'diff') return diffCommand(rest);
  if (command === 'replay') return replayCommand(rest);
  if (command === 'mock') return mockCommand(rest);
  if (command === 'playwright') return playwrightCommand(rest);
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`websocket-lens: unknown command "${command}".\n\n${HELP}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
