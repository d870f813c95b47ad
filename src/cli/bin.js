#!/usr/bin/env node
// The `websocket-lens` command. The command line tools are TypeScript, run
// through tsx's loader, so a checkout needs no build step for them (the
// extension itself is built on demand by `record`).
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  const root = new URL('../..', import.meta.url).pathname;
  console.error(`websocket-lens: its dependencies are not installed. Run "npm ci" in ${root}`);
  process.exit(1);
}
register();
await import('./websocket-lens.ts');
