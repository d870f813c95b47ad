import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { parseRecordArgs, type RecordOptions } from './record-args';

const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);

function options(args: string[], env: NodeJS.ProcessEnv = {}): RecordOptions {
  const parsed = parseRecordArgs(args, env, NOW);
  if (parsed.help) throw new Error('expected options');
  return parsed.options;
}

function usageError(args: string[]): string {
  try {
    parseRecordArgs(args, {}, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as Error).message.split('\n')[0]!;
  }
  throw new Error('expected a usage error');
}

describe('record arguments', () => {
  it('defaults to a HAR named after the host, 5 seconds after load', () => {
    expect(options(['http://localhost:3000/app'])).toEqual({
      url: 'http://localhost:3000/app',
      format: 'har',
      out: 'websocket-lens-localhost_3000-2026-11-02T10-00-00.har',
      stop: { kind: 'duration', ms: 5000 },
      loadTimeoutMs: 30_000,
    });
  });

  it('reads every option', () => {
    expect(
      options([
        'https://example.test/',
        '--json',
        '-o',
        'x.json',
        '--until-idle',
        '--idle',
        '0.5',
        '--max-duration',
        '90',
        '--load-timeout',
        '10',
        '--extension',
        'dist-x',
        '--workers',
      ]),
    ).toEqual({
      url: 'https://example.test/',
      format: 'json',
      out: 'x.json',
      stop: { kind: 'idle', idleMs: 500, maxMs: 90_000 },
      loadTimeoutMs: 10_000,
      extensionDir: 'dist-x',
      workers: true,
    });
    expect(options(['https://example.test/', '--format', 'ndjson', '--duration', '2.5', '--out', '-'])).toMatchObject({
      format: 'ndjson',
      out: '-',
      stop: { kind: 'duration', ms: 2500 },
    });
  });

  it('takes the extension from LENS_DIST, --extension first', () => {
    expect(options(['https://example.test/'], { LENS_DIST: 'dist-e2e/' }).extensionDir).toBe('dist-e2e/');
    expect(options(['https://example.test/', '--extension', 'mine'], { LENS_DIST: 'dist-e2e/' }).extensionDir).toBe(
      'mine',
    );
  });

  it('asks for help', () => {
    expect(parseRecordArgs(['--help'])).toEqual({ help: true });
    expect(parseRecordArgs(['https://example.test/', '-h'])).toEqual({ help: true });
  });

  it.each([
    [[], 'Give the URL of the page to record.'],
    [['a', 'b'], 'Give one URL, not 2: a b'],
    [['example.test'], '"example.test" is not a URL. Give the scheme too, e.g. http://example.test'],
    [['http://'], '"http://" is not a valid URL.'],
    [
      ['wss://example.test/feed'],
      'wss://example.test/feed is a WebSocket URL: give the URL of the page that opens the socket.',
    ],
    [
      ['file:///tmp/page.html'],
      'file:// pages cannot be recorded (extensions may not run there by default): serve the folder over http.',
    ],
    [['ftp://example.test/'], 'Only http:// and https:// pages can be recorded, not ftp:'],
    [['http://a/', '--duration', '3', '--until-idle'], 'Use either --duration or --until-idle, not both.'],
    [['http://a/', '--idle', '3'], '--idle and --max-duration go with --until-idle.'],
    [['http://a/', '--duration', 'soon'], '--duration takes a number of seconds (more than 0), not "soon".'],
    [['http://a/', '--duration', '0'], '--duration takes a number of seconds (more than 0), not "0".'],
    [['http://a/', '--format', 'csv'], 'Unknown format "csv": use har, json, ndjson, text.'],
    [['http://a/', '--json', '--format', 'har'], '--json and --format har disagree.'],
    [['http://a/', '--colour'], 'Unknown option --colour.'],
    [['http://a/', '--out'], "Option '-o, --out <value>' argument missing"],
  ])('refuses %j', (args, message) => {
    expect(usageError(args)).toBe(message);
  });
});

describe('record --redact', () => {
  it('takes the default rules with --redact, and the user rules (which imply it)', () => {
    const parse = (...args: string[]) => {
      const parsed = parseRecordArgs(['http://example.test/', ...args], {}, 0);
      return parsed.help ? undefined : parsed.options.redact;
    };
    expect(parse()).toBeUndefined();
    expect(parse('--redact')).toEqual({ regexes: [], paths: [] });
    expect(parse('--redact-regex', 'ACCT-\\d+', '--redact-path', '$.ssn')).toEqual({
      regexes: ['ACCT-\\d+'],
      paths: ['$.ssn'],
    });
    expect(() => parse('--redact-regex', '(')).toThrow(/--redact: bad regular expression/);
    expect(() => parse('--redact-path', 'ssn')).toThrow(/must start with/);
  });
});
