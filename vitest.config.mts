import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'server/**/*.test.ts', 'emulator/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
})
