import { describe, expect, it } from 'vitest';
import { parseMcpArgs } from './mcp/args';
import { parseExportArgs, parseListArgs, parseTailArgs } from './session-args';
import { CliError } from './cli-error';

const URL_ = 'http://127.0.0.1:9222';

function fails(parse: () => unknown, message: RegExp): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a usage error');
}

describe('websocket-lens mcp arguments', () => {
  it('launches by default, connects with --browser-url, serves only --tab tabs', () => {
    expect(parseMcpArgs([], {})).toEqual({ help: false, options: { headed: false, tabs: null } });
    expect(parseMcpArgs(['--browser-url', URL_, '--tab', '3', '--tab', '9'], {})).toEqual({
      help: false,
      options: { browserUrl: URL_, headed: false, tabs: [3, 9] },
    });
    expect(parseMcpArgs(['--headed', '--extension', 'd'], {})).toMatchObject({
      options: { headed: true, extensionDir: 'd' },
    });
    expect(parseMcpArgs(['--help'])).toEqual({ help: true });
  });

  it('refuses what it cannot do, in one sentence', () => {
    fails(() => parseMcpArgs(['--tab', 'seven']), /--tab takes a tab id, not "seven"/);
    fails(() => parseMcpArgs(['--browser-url', 'localhost:9222']), /--browser-url takes/);
    fails(() => parseMcpArgs(['--browser-url', URL_, '--headed']), /--headed is for a browser it launches/);
    fails(() => parseMcpArgs(['--port', '1']), /^Unknown option --port\./);
  });
});

describe('list, tail and export arguments', () => {
  it('takes a connected browser and a tab, or a page to open', () => {
    expect(parseListArgs(['--browser-url', URL_, '--json'], {})).toMatchObject({
      options: { browserUrl: URL_, json: true, conns: [] },
    });
    expect(parseTailArgs(['--url', 'http://x/', '--until', '2.5'], {})).toMatchObject({
      options: { url: 'http://x/', untilMs: 2500 },
    });
    fails(() => parseTailArgs([], {}), /give --url, or --browser-url/);
    fails(() => parseTailArgs(['--browser-url', URL_, '--tab', '1', '--tab', '2'], {}), /Give one --tab/);
    fails(() => parseTailArgs(['--browser-url', URL_, '--until', 'later'], {}), /--until takes a number of seconds/);
    fails(() => parseTailArgs(['--browser-url', URL_, 'extra'], {}), /Unexpected argument "extra"/);
  });

  it('turns filter flags into the filter, and refuses a bad one before starting', () => {
    expect(
      parseTailArgs(
        ['--browser-url', URL_, '--filter', 'chat', '--direction', 'sent', '--name', 'order.*', '--conn', 'a.1'],
        {},
      ),
    ).toMatchObject({
      options: { filter: { text: 'chat', direction: 'sent', decoded: { name: 'order.*' } }, conns: ['a.1'] },
    });
    fails(() => parseTailArgs(['--browser-url', URL_, '--regex', '('], {}), /Bad filter: Invalid regular expression/);
    fails(
      () => parseTailArgs(['--browser-url', URL_, '--direction', 'up'], {}),
      /--direction takes sent, received, all/,
    );
  });

  it('exports as HAR unless told otherwise', () => {
    expect(parseExportArgs(['--browser-url', URL_, '-o', 'f.json', '--format', 'json'], {})).toMatchObject({
      options: { out: 'f.json', format: 'json' },
    });
    expect(parseExportArgs(['--browser-url', URL_], {})).toMatchObject({ options: { format: 'har' } });
    fails(() => parseExportArgs(['--browser-url', URL_, '--format', 'xml'], {}), /Unknown format "xml"/);
  });
});
