import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  // A fresh prefix for the hook's DOM event names in every build (src/protocol/version.ts).
  define: { __WSL_EVENT_PREFIX__: JSON.stringify(`wsl${randomBytes(6).toString('hex')}`) },
  plugins: [
    preact(),
    crx({
      manifest: manifest as ManifestV3Export,
      contentScripts: {
        // One self-contained IIFE each, no async loader: the hook must wrap
        // WebSocket before the page's first inline script, and the relay must be
        // listening by then too (see docs/ARCHITECTURE.md).
        standaloneFiles: ['src/page/index.ts', 'src/content/index.ts'],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The devtools page creates the panel at run time, so the manifest does not name it.
    rollupOptions: { input: { panel: 'src/panel/index.html' } },
  },
  server: { port: 5173, strictPort: true },
});
