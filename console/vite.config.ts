import { defineConfig } from 'vite';

/** The console is built into dist/console, which the service serves at /. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../dist/console', emptyOutDir: true, target: 'es2022', sourcemap: false },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: { proxy: { '/graphql': { target: 'http://localhost:3000', ws: true } } },
});
