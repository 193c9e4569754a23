import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('./'),
  base: '/',
  resolve: {
    // The contract's plain types and constant tables, from its sources: no build of it needed first,
    // and no TypeBox (the `./types` entry imports none).
    alias: [{ find: /^@partnerbox\/contract\/types$/, replacement: here('../contract/src/types.ts') }],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../sandbox/dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // Every browser the dashboard supports preloads modules itself.
    modulePreload: { polyfill: false },
  },
});
