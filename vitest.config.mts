import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'server/**/*.test.ts', 'emulator/**/*.test.ts'],
    // Builds the mini-program/H5 targets the build tests read, once, before any test file runs.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
})
