/**
 * Builds the browser client into dist/ (served by the server) and, as a second entry, the service
 * worker at dist/sw.js. A small plugin writes dist/asset-manifest.json, the list of built files the
 * service worker caches on install so the app shell opens offline.
 */
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const SERVER = process.env.DATA_PATCH_SERVER ?? "http://127.0.0.1:3000";

function assetManifest(): Plugin {
  return {
    name: "data-patch-asset-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((file) => file !== "sw.js" && !file.endsWith(".map"));
      this.emitFile({ type: "asset", fileName: "asset-manifest.json", source: JSON.stringify({ files }) });
    },
  };
}

export default defineConfig({
  plugins: [react(), assetManifest()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { index: "index.html", sw: "client/sw.ts" },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
      },
    },
  },
  server: {
    proxy: {
      "/api": SERVER,
      "/collab": { target: SERVER.replace(/^http/, "ws"), ws: true },
    },
  },
});
