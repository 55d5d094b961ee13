import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is static: every route is a lazily loaded chunk (src/routes.tsx); the shared wallet stack is its own chunk.
export default defineConfig({
  plugins: [react()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id: string): string | undefined {
          if (id.includes("abis.generated")) return "abis";
          return undefined;
        },
      },
    },
  },
});
