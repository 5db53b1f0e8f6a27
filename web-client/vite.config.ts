import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// The hub serves dist/ at / (hallcast serve --static web-client/dist) and
// answers index.html for the app's paths (/room/ID), so assets use absolute
// paths. `npm run dev` proxies the hub's API, live streams and WebSocket.
const hub = process.env.HALLCAST_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [preact()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  server: {
    proxy: {
      "/api": hub,
      "/live": hub,
      "/whep": hub,
      "/ws": { target: hub.replace(/^http/, "ws"), ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
