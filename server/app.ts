/**
 * One HTTP server on one port: the JSON API under /api, the collaboration WebSocket on /collab,
 * and the built client everywhere else.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";
import { datasetRoutes } from "./api/datasetRoutes.ts";
import { registerErrorHandler } from "./api/errors.ts";
import { createCollabServer } from "./collab/hocuspocus.ts";
import { attachCollabWebSocket } from "./collab/websocket.ts";
import type { Config } from "./config.ts";
import { openSqliteStorage } from "./storage/sqlite.ts";

export type App = { url: string; close: () => Promise<void> };

export async function startApp(config: Config): Promise<App> {
  mkdirSync(config.dataDir, { recursive: true });
  const storage = openSqliteStorage(path.join(config.dataDir, "data-patch.sqlite"));

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
    },
    bodyLimit: 10 * 1024 * 1024,
  });
  const log = app.log.child({ module: "collab" });
  const collab = createCollabServer({
    storage,
    log: log as never,
    debounceMs: config.storeDebounceMs,
    maxDebounceMs: config.storeMaxDebounceMs,
  });

  registerErrorHandler(app);
  app.get("/api/health", async () => ({ ok: true }));
  await app.register(datasetRoutes(storage.datasets, collab.hocuspocus));
  if (existsSync(path.join(config.clientDir, "index.html"))) {
    await app.register(fastifyStatic, { root: config.clientDir, wildcard: false });
    // Client-side routes (/datasets/…) get the app shell; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === "GET" && !request.url.startsWith("/api/")) return reply.sendFile("index.html");
      return reply.status(404).send({ error: "not-found", message: `no route ${request.method} ${request.url}` });
    });
  }

  const socket = attachCollabWebSocket(app.server, collab.hocuspocus, config.maxMessageBytes);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        await socket.close();
        await collab.shutdown();
        await app.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
