import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contracts = fileURLToPath(new URL('../../packages/contracts/src/', import.meta.url));

/**
 * The portal: a single-page app built into dist/, served at / by the embedded process
 * (apps/embedded/src/portal.ts) or by its own nginx container. The portal imports the
 * zod schemas of @sanshe/contracts by file (`@sanshe/contracts/api/intake`), so only what
 * it uses is bundled. `npm run dev -w apps/portal` proxies /api to `npm start` on :8080.
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@sanshe\/contracts\/(.*)$/, replacement: `${contracts}$1` }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: their own long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/health': 'http://localhost:8080' },
  },
});
