/**
 * `npm start -- --firefox` on a machine without a display: it builds
 * dist-firefox/, runs the demo in headless Firefox with the add-on installed
 * and prints what the add-on captured, read over the panel port. Runs the real
 * command, build included.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { findFirefox } from '../src/cli/firefox';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

it('prints the headless summary of the demo in Firefox when there is no display', async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['start', '--', '--firefox', '--duration', '4'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (exit) => resolve({ code: exit, output }));
  });
  expect(code, output).toBe(0);
  expect(output).toContain('No display found');
  expect(output).toContain('Built the extension into dist-firefox/');
  expect(output).toMatch(/WebSocket Lens captured 5 connections on http:\/\/127\.0\.0\.1:\d+\//);
  expect(output).toMatch(/\/chat {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  expect(output).toMatch(/\/ticks {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  expect(output).toMatch(/\/socket\.io\/\S* {2}open {2}sent [1-9]\d* \(\d+ B\) {2}received [1-9]/);
  expect(output).toContain('/session  closed close 4000 "session expired"');
  expect(output).toContain('ws://127.0.0.1:1/offline  closed close 1006 error');
});
