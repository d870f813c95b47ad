/**
 * `npm start` on a machine without a display: it must say so, run the demo
 * headless and print what the extension captured (acceptance 6 of the
 * foundation issue). Runs the real command, build included.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

it('prints the headless summary of the demo when there is no display', async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const { code, output } = await run('npm', ['start', '--', '--duration', '4'], env);
  expect(code, output).toBe(0);
  expect(output).toContain('No display found');
  expect(output).toMatch(/WebSocket Lens captured 5 connections on http:\/\/127\.0\.0\.1:\d+\//);
  // The chat and the ticker exchanged frames both ways; the session was ended by the server; one never connected.
  expect(output).toMatch(/\/chat {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  expect(output).toMatch(/\/ticks {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  // The real Socket.IO client and server: events with acks both ways.
  expect(output).toMatch(/\/socket\.io\/\S* {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  expect(output).toContain('/session  closed close 4000 "session expired"');
  expect(output).toContain('ws://127.0.0.1:1/offline  closed close 1006 error');
  expect(output).toMatch(/Close codes: .*4000 "session expired".*1006/);
});
