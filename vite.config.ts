import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { browserOfMode, manifestFor, OUT_DIRS } from './src/cli/browsers.ts';
import { strictContentScripts } from './src/cli/strict-scripts.ts';
import { keepDebuggerIn } from './src/cli/keep-debugger.ts';

// `vite build` builds for Chrome into dist/, `vite build --mode firefox` for Firefox
// into dist-firefox/ (src/cli/browsers.ts has every difference between the two).
export default defineConfig(({ mode }) => {
  const browser = browserOfMode(mode);
  return {
    define: {
      // A fresh prefix for the hook's DOM event names in every build (src/protocol/version.ts).
      __WSL_EVENT_PREFIX__: JSON.stringify(`wsl${randomBytes(6).toString('hex')}`),
      // The browser's own run-time differences (src/lib/platform.ts).
      __WSL_BROWSER__: JSON.stringify(browser),
    },
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(browser),
        browser,
        contentScripts: {
          // One self-contained IIFE each, no async loader: the hook must wrap
          // WebSocket before the page's first inline script, and the relay must be
          // listening by then too (see docs/ARCHITECTURE.md).
          standaloneFiles: ['src/page/index.ts', 'src/content/index.ts'],
        },
      }),
      strictContentScripts(['src/page/index.js', 'src/content/index.js']),
      // The hook's `debugger` statement, which the minifier drops (src/page/debugger.ts).
      keepDebuggerIn('src/page/index.js'),
    ],
    build: {
      outDir: OUT_DIRS[browser],
      emptyOutDir: true,
      // The devtools page creates the panel at run time, so the manifest does not name it.
      rollupOptions: { input: { panel: 'src/panel/index.html' } },
    },
    server: { port: 5173, strictPort: true },
  };
});
