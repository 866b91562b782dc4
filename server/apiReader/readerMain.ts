/**
 * The API reader process: serves /api/v1 reads and the DCAT catalogue from the published snapshots
 * (files and SQLite, read only), so that their HTTP work never runs on the thread that relays
 * everyone's edits. Started and stopped by the collaboration process (apiReader.ts), which hands it
 * the connections whose first request it serves; anything else asked on those connections is
 * forwarded back (forward.ts). It exits when its parent goes.
 */
import { rmSync } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import Fastify from "fastify";
import { registerErrorHandler, registerNotFoundHandler } from "../api/errors.ts";
import { principalPlugin } from "../api/principal.ts";
import { v1Routes } from "../api/v1/index.ts";
import { rowsPages } from "../api/v1/rowsPages.ts";
import { loggerOptions } from "../logging.ts";
import { proxyTrust } from "../net/clientAddress.ts";
import { modelCache } from "../readModel/modelCache.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";
import { windowCounts } from "./apiLimits.ts";
import { forwarder } from "./forward.ts";
import type { FromReader, ToReader } from "./messages.ts";
import { readerServes } from "./readerRequests.ts";

/** To the collaboration process; nothing if it is gone (this process then exits: "disconnect" below). */
const tell = (message: FromReader) => {
  if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
};

async function startReader({ config, baseUrl, returnPath, apiVersion }: Extract<ToReader, { type: "start" }>) {
  const readOnly = openSqliteStorage(path.join(config.dataDir, "data-patch.sqlite"), { readonly: true });
  const storage: Storage = {
    ...readOnly,
    apiTokens: { ...readOnly.apiTokens, markUsed: (id, at) => void tell({ type: "token-used", id, at }) },
  };
  const forward = forwarder(returnPath);
  const app = Fastify({
    trustProxy: proxyTrust(config.trustProxy) ?? false,
    logger: loggerOptions(config.logLevel),
    serverFactory: (handler) =>
      http.createServer((request, response) =>
        readerServes(request.method, request.url) ? handler(request, response) : forward.request(request, response),
      ),
  });
  const counts = windowCounts();
  const models = modelCache(storage.readModel);
  const pages = rowsPages({ snapshots: storage.readModel, models, workerBytes: config.snapshotWorkerBytes });
  // As Fastify sets it on a server it makes itself (72 s, not Node's 5 s): a client reusing a
  // connection just as the server closes it for idleness gets a reset.
  app.server.keepAliveTimeout = app.initialConfig.keepAliveTimeout ?? app.server.keepAliveTimeout;
  registerErrorHandler(app);
  // No session plugin: /api/v1 never reads the cookie (a signed-in visitor is anonymous there).
  await app.register(principalPlugin, { storage });
  await app.register(
    v1Routes({
      storage,
      models,
      pages,
      baseUrl: () => baseUrl,
      live: null,
      requestsPerMinute: config.apiRequestsPerMinute,
      limitCounts: counts,
      version: apiVersion,
      instanceName: config.instanceName,
    }),
  );
  registerNotFoundHandler(app, false);
  // Nothing connects to this socket: an HTTP server only watches its connections' header and
  // request timeouts (slow clients) once it listens.
  const own = path.join(path.dirname(returnPath), "reader.sock");
  rmSync(own, { force: true }); // left by a reader that was killed
  await app.listen({ path: own, listenTextResolver: () => "the API reader process serves /api/v1 reads" });
  app.server.on("upgrade", forward.upgrade);
  return {
    count: (n: number, key: string, windowMs: number) => tell({ type: "counted", n, count: counts(key, windowMs) }),
    accept(socket: Socket, head: Buffer) {
      socket.unshift(head);
      app.server.emit("connection", socket);
      socket.resume();
    },
    async stop() {
      await app.close();
      await pages.close();
      await storage.close();
    },
  };
}

let reader: Awaited<ReturnType<typeof startReader>> | null = null;
/** Connections received, until the collaboration process says they may be answered ("take"). */
const received = new Map<number, { socket: Socket; head: Buffer }>();
process.on("message", (message: ToReader, socket?: Socket) => {
  if (message.type === "start")
    startReader(message).then(
      (started) => {
        reader = started;
        tell({ type: "ready" });
      },
      (error: Error) => {
        console.error(`the API reader cannot start: ${error.message}`);
        process.exit(1);
      },
    );
  else if (message.type === "count") reader?.count(message.n, message.key, message.windowMs);
  else if (message.type === "connection" && socket) {
    socket.on("error", () => socket.destroy()); // reset before it is taken: nothing to answer
    if (reader) received.set(message.id, { socket, head: Buffer.from(message.head, "latin1") });
    else socket.destroy();
  } else if (message.type === "take") {
    const connection = received.get(message.id);
    received.delete(message.id);
    if (connection && !connection.socket.destroyed) reader?.accept(connection.socket, connection.head);
  } else if (message.type === "stop") void (reader?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
// Its parent stopped or died: nothing would ever hand it a connection again.
process.once("disconnect", () => process.exit(0));
