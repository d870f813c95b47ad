import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Component tests (*.test.tsx) ask for happy-dom in their first line; the rest run in node.
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/bench/*.test.ts'],
          environment: 'node',
          setupFiles: ['src/panel/dom-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/harness/global-setup.ts'],
          // One browser at a time: these machines have two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
