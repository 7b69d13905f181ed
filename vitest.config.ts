/** @module Test projects: `unit` (Node, pure modules) and `workers` (workerd via vitest-pool-workers). */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Decision log lines are asserted through spies where they matter; print them only for failures.
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      './vitest.workers.config.ts',
      {
        // The console in headless Chromium against a real wrangler dev (test/browser).
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
