import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const backend = 'http://localhost:3000';

/** In development, /portal and /portal/* open the customer portal's page, as the server does in production. */
function portalFallback(): Plugin {
  return {
    name: 'aftercare-portal-fallback',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const path = request.url?.split('?')[0] ?? '';
        if (request.method === 'GET' && (path === '/portal' || path.startsWith('/portal/'))) {
          request.url = '/portal.html';
        }
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), portalFallback()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Two pages: the staff app and the light customer portal, which shares none of the staff app's code.
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/metrics': backend,
    },
  },
});
