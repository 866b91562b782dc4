/// <reference lib="webworker" />
/**
 * The service worker: keeps the app shell (index.html and the built assets listed in
 * asset-manifest.json) so the app opens without a network. API calls and the collaboration
 * socket are never cached: data comes from the server or from IndexedDB.
 */
declare const self: ServiceWorkerGlobalScope;

const CACHE = "data-patch-shell-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const manifest = (await (await fetch("/asset-manifest.json", { cache: "no-store" })).json()) as {
        files: string[];
      };
      await cache.addAll(["/", ...manifest.files.filter((f) => f !== "index.html").map((f) => `/${f}`)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/collab")) return;

  if (request.mode === "navigate") {
    // Network first, so a new version shows when online; the cached shell otherwise.
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok) {
            const cache = await caches.open(CACHE);
            await cache.put("/", response.clone());
          }
          return response;
        } catch {
          return (await caches.match("/")) ?? Response.error();
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith("/assets/")) {
    // Hashed file names never change content: cache first.
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
        return response;
      })(),
    );
  }
});
