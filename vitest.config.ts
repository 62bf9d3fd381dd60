import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. Unit and integration tests run on one worker per core: many
 * files wait on servers, brokers and child processes, so a second worker keeps the machine busy
 * (vitest's default on 2 cores is one). The browser tests then run one file at a time: each drives
 * a live demo whose timing they check, and a busy neighbour made them slow enough to fail.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'web/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'eval/**/*.test.ts',
          ],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
