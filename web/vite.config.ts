/**
 * Builds the dashboard into web/dist, which `xinzhi serve` serves at `/`. In development
 * (`npx vite web`) the API is proxied to a running `xinzhi serve` on port 8080.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
