import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'web/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
      'eval/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One worker per core: many files wait on servers, brokers and browsers, so a second worker
    // keeps the machine busy (vitest's default on 2 cores is one).
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
