/** Vite build of the web UI: output in dist/, served by the Trace Hub server (routes/web.ts). */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Charts are the heaviest dependency; keep them in their own cacheable chunk.
        manualChunks: { charts: ['recharts'], react: ['react', 'react-dom', 'react-router-dom', '@tanstack/react-query'] },
      },
    },
  },
  server: {
    // `npm run dev -w @tracehub/web` with `npm start` running: the API answers on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/v1': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
