/**
 * The hostile-page suite's shared half (e2e/hostile-hook.e2e.ts in Chromium,
 * e2e/firefox-hostile-hook.e2e.ts in Firefox): the event names found in our
 * built bundles, and what must hold after each attack of
 * e2e/fixtures/hostile-attacks.js: the session holds exactly the frames the
 * test server received (no forged frame or socket, none missing), and the
 * socket opened after the attack is recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Connection } from '../../src/lib/session';
import type { SessionRead } from '../../src/cli/session-reader';
import type { TestServer } from './server';
import { payloadText } from './payload';

export const ATTACKS = [
  'events',
  'foreignSockets',
  'caller',
  'objectAccessors',
  'throwingGetters',
  'builtinAccessors',
  'arrayAccessors',
  'speciesAndThenables',
  'overriddenNatives',
  'detachedBuffer',
  'loneSurrogates',
] as const;

/** Every event-name-like string in the built hook and relay: quoted names, and `${prefix}:name` templates. */
export function bundleEventNames(distDir: string): string[] {
  const names = new Set<string>(['wsl:channel', 'wsl:hook-ready', 'wsl:realms', 'message']);
  for (const file of ['src/page/index.js', 'src/content/index.js']) {
    const code = readFileSync(join(distDir, file), 'utf8');
    const prefixes = new Set(code.match(/wsl[0-9a-f]{12}/g) ?? []);
    for (const [, suffix] of code.matchAll(/\$\{\w+\}:([a-z-]+)/g))
      for (const p of prefixes) names.add(`${p}:${suffix}`);
    for (const [, name] of code.matchAll(/[`'"]([a-z][a-z0-9-]*(?::[a-z-]+)?)[`'"]/g))
      if (name!.length <= 40) names.add(name!);
  }
  return [...names];
}

interface WireFrame {
  type: 'text' | 'binary';
  data: string;
}

/** What the server received on `path`, as frame records carry it (text as text, bytes as base64). */
function wireFrames(server: TestServer, path: string): WireFrame[] {
  return server.received
    .filter((m) => m.path === path)
    .map((m) =>
      m.isBinary
        ? { type: 'binary', data: m.data.toString('base64') }
        : { type: 'text', data: m.data.toString('utf8') },
    );
}

function framesOf(connection: Connection, dir: 'sent' | 'received'): WireFrame[] {
  return connection.records.flatMap((r) =>
    r.kind === 'frame' && r.dir === dir ? [{ type: r.type, data: payloadText(r) }] : [],
  );
}

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** The attack's sockets and the one after it, once the after socket's close has been recorded. */
export async function attackConnections(
  read: () => Promise<SessionRead>,
  name: string,
): Promise<{ read: SessionRead; attack: Connection[]; after: Connection }> {
  let last: SessionRead | undefined;
  await expect
    .poll(
      async () => {
        last = await read();
        const after = [...last.session.connections.values()].find((c) => c.url.endsWith(`?after=${name}`));
        return after?.close !== undefined && framesOf(after, 'received').length === 1;
      },
      { timeout: 10_000, interval: 250 },
    )
    .toBe(true);
  const connections = [...last!.session.connections.values()];
  return {
    read: last!,
    attack: connections.filter((c) => c.url.includes(`?attack=${name}`)),
    after: connections.find((c) => c.url.endsWith(`?after=${name}`))!,
  };
}

/** Exactly what went over the wire, each way, for every socket of the tab; no socket the server never saw. */
export function expectSessionIsTheWire(read: SessionRead, server: TestServer, name: string): void {
  const connections = [...read.session.connections.values()];
  expect(read.session.orphans).toBe(0);
  for (const connection of connections) {
    expect(connection.url, 'a socket the page did not open').toMatch(
      new RegExp(`^${server.origin.replace('http', 'ws')}/`),
    );
    const wire = wireFrames(server, pathOf(connection.url));
    const label = `${name}: ${pathOf(connection.url)}`;
    expect(framesOf(connection, 'sent'), `${label} sent`).toEqual(wire);
    // The server echoes every frame as it received it.
    expect(framesOf(connection, 'received'), `${label} received`).toEqual(wire);
    expect(connection.close, `${label} closed`).toBeDefined();
  }
  // And no socket the server saw is missing from the session.
  const recorded = new Set(connections.map((c) => pathOf(c.url)));
  const onTheWire = new Set(server.received.map((m) => m.path).filter((path) => path.endsWith(`=${name}`)));
  expect(
    [...onTheWire].filter((path) => !recorded.has(path)),
    `${name}: sockets not recorded`,
  ).toEqual([]);
  const attacked = connections.filter((c) => c.url.includes(`?attack=${name}`));
  expect(attacked.length, `${name}: the attacked socket was recorded`).toBe(1);
  expect(wireFrames(server, pathOf(attacked[0]!.url)).length, `${name}: frames went out`).toBeGreaterThan(0);
}
