/**
 * `websocket-lens playwright <log>`: one recorded connection as a Playwright
 * test file (src/lib/mock/playwright.ts) that plays the recorded server side
 * with `page.routeWebSocket`, so the test needs no real server.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildMockScripts } from '../lib/mock/script';
import { playwrightTestFile } from '../lib/mock/playwright';
import { pickConnection } from '../lib/replay/plan';
import { CliError } from './cli-error';
import { MATCH_HELP, MATCH_OPTIONS, matchOptionsOf, parseCommandArgs } from './command-args';
import { bundleLiveMatcher } from './live-matcher-bundle';
import { readLogFile } from './read-log';

export const PLAYWRIGHT_HELP = `Usage: websocket-lens playwright <log> [options]

Writes one recorded connection as a Playwright test file: routeRecordedSocket(page)
plays the recorded server side with page.routeWebSocket (no real server), and
a test checks it answers the recorded client frames. Client messages match as
in "websocket-lens mock" (its matcher is bundled into the file). Plain
JavaScript for "node --test" with playwright-core (Chromium from CHROMIUM_PATH
or /usr/bin/chromium).

Options:
      --connection <c>      which connection: its number (1, 2…) or id; needed
                            when the log holds several
${MATCH_HELP}
  -o, --out <file>          write here (default: standard output), e.g. chat.spec.mjs
  -h, --help                show this help

Exit status: 0 written, 2 wrong command or unusable log.`;

export async function playwrightCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs('playwright', argv, {
      connection: { type: 'string' },
      out: { type: 'string', short: 'o' },
      ...MATCH_OPTIONS,
    });
    if (values.help) {
      process.stdout.write(`${PLAYWRIGHT_HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`Give one log, not ${positionals.length}.`, 2);
    const match = matchOptionsOf('playwright', values);
    const records = readLogFile(positionals[0]!);
    const picked = pickConnection(records, values.connection);
    if ('error' in picked) throw new CliError(picked.error, 2);
    const script = buildMockScripts(records).find((s) => s.conn === picked.conn);
    if (!script) throw new CliError(`Connection ${picked.conn} cannot be played (a frame was cut at capture).`, 2);
    const file = playwrightTestFile(script, {
      matcher: await bundleLiveMatcher(),
      ...match,
      pageUrl: picked.create.frameUrl,
      source: basename(positionals[0]!),
    });
    if (values.out) {
      writeFileSync(values.out, file);
      process.stderr.write(`Wrote ${values.out}: run it with "node --test ${values.out}".\n`);
    } else process.stdout.write(file);
    return 0;
  } catch (error) {
    process.stderr.write(`websocket-lens playwright: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliError ? error.exitCode : 2;
  }
}
