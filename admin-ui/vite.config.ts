import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Spring Boot app (default port 8080) serves the API; in dev, Vite proxies to it.
// NEXA_BACKEND points the dev server elsewhere, e.g. http://localhost:8097.
const backend = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.NEXA_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    // Maven packages target/classes into the admin-ui jar, so the SPA ends up
    // at classpath:/static/ and Spring Boot serves it at "/".
    outDir: 'target/classes/static',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/actuator': backend,
      '/v3': backend,
      '/swagger-ui': backend,
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
