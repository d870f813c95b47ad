/**
 * The `websocket-lens` command (src/cli/bin.js runs this file through
 * tsx): `record`, `mcp`, `tail`, `list` and `export`.
 */
import { recordCommand } from './record';
import { mcpCommand } from './mcp/server';
import { TOOL_VERSION } from '../lib/logs/tool';

const HELP = `Usage: websocket-lens <command> [options]

Commands:
  record <url>   record every WebSocket of a page into a HAR or JSON log
                 (websocket-lens record --help for its options)
  mcp            a Model Context Protocol server on stdio: tools to open pages
                 and read, wait for, send, intercept and export their sockets

  --version      print the version`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'record') return recordCommand(rest);
  if (command === 'mcp') return mcpCommand(rest);
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
