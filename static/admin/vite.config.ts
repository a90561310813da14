import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { preloadFirstViewPlugin } from '../../scripts/preload-first-view-plugin';
import { ruleSetsPlugin } from '../../scripts/rule-sets-plugin';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Forge serves resources from a path it chooses, so every asset URL must be relative.
  base: './',
  plugins: [react(), ruleSetsPlugin(), preloadFirstViewPlugin('/src/views/assessments-list.tsx')],
  resolve: {
    // Statsig is never initialised in the iframe (every gate is false): a stub answers the same.
    alias: [
      {
        find: /^@atlaskit\/feature-gate-js-client(\/feature-gates)?$/,
        replacement: fileURLToPath(new URL('./src/stubs/feature-gates.ts', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    // Forge's CSP forbids inline scripts; keep the module preload polyfill out of index.html.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
});
