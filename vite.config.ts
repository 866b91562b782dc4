/**
 * Builds the browser client into dist/ (served by the server) and, as more entries, the service
 * worker at dist/sw.js and the embed page's map (client/embed/embedMap.ts, found by the server
 * through Vite's manifest, dist/.vite/manifest.json). A small plugin writes dist/asset-manifest.json, the list of built files the
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
      // The embed map is for other sites' pages, not the app shell.
      const embedOnly = Object.values(bundle).flatMap((chunk) =>
        chunk.type === "chunk" && chunk.name === "embedMap"
          ? [chunk.fileName, ...(chunk.viteMetadata?.importedCss ?? [])]
          : [],
      );
      const files = Object.keys(bundle).filter(
        (file) => file !== "sw.js" && !file.endsWith(".map") && !file.startsWith(".vite/") && !embedOnly.includes(file),
      );
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
    manifest: true,
    rolldownOptions: {
      input: { index: "index.html", sw: "client/sw.ts", embedMap: "client/embed/embedMap.ts" },
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
