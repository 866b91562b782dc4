/**
 * Routes WebSocket upgrades on /collab of the HTTP server to Hocuspocus. An upgrade that carries the
 * session cookie must come from this site (the check of csrf.ts): a page elsewhere could otherwise
 * open a socket that acts for the person. Upgrades without it (visitors, API tokens) come from anywhere.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { fastifyCookie } from "@fastify/cookie";
import type { Hocuspocus } from "@hocuspocus/server";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { SiteVerdict } from "../api/csrf.ts";
import { hashAddress } from "../privacy/addressHash.ts";
import { DEFAULT_SOCKET_BUDGET, type SocketBudgetLimits, socketBudget } from "./socketBudget.ts";

export const COLLAB_PATH = "/collab";
/** The client's address, set by the server on the request Hocuspocus sees (a client-sent one is overwritten). */
export const PEER_HEADER = "x-data-patch-peer";

export type CollabSocketOptions = {
  maxMessageBytes: number;
  sessionCookieName: string;
  siteOf: (headers: IncomingMessage["headers"], protocol: string) => SiteVerdict;
  log: Logger;
  budget?: SocketBudgetLimits;
  /** The client's address (behind trusted proxies, the one they forward). */
  clientAddress?: (request: IncomingMessage) => string;
};

export function attachCollabWebSocket(
  server: Server,
  hocuspocus: Hocuspocus,
  {
    maxMessageBytes,
    sessionCookieName,
    siteOf,
    log,
    budget = DEFAULT_SOCKET_BUDGET,
    clientAddress = (request) => request.socket.remoteAddress ?? "unknown",
  }: CollabSocketOptions,
) {
  // A message over maxPayload closes that socket with 1009 "Max payload size exceeded"; others are untouched.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== COLLAB_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    const protocol = (request.socket as TLSSocket).encrypted ? "https" : "http";
    const cookies = fastifyCookie.parse(request.headers.cookie ?? "");
    if (cookies[sessionCookieName] !== undefined && siteOf(request.headers, protocol) !== "same-origin") {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const peer = clientAddress(request);
      // The log names the client by its salted hash, as everything else does: never its address.
      const gate = socketBudget(ws, budget, (reason) =>
        log.warn({ peer: hashAddress(peer), reason }, "collaboration socket closed"),
      );
      const connection = hocuspocus.handleConnection(ws, toFetchRequest(request, peer));
      ws.on("message", (data: Buffer) => {
        // Once the server closed the socket (rights changed, credentials revoked), nothing more is taken from it.
        if (ws.readyState !== ws.OPEN) return;
        const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (gate.admit(message)) connection.handleMessage(message);
      });
      ws.on("close", (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
      ws.on("error", () => ws.terminate());
    });
  };
  server.on("upgrade", onUpgrade);

  return {
    /** Closes every socket (clients will reconnect elsewhere or later) and stops accepting new ones. */
    close(): Promise<void> {
      server.off("upgrade", onUpgrade);
      for (const client of wss.clients) client.close(1001, "server-shutting-down");
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function toFetchRequest(request: IncomingMessage, peer: string): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  headers.set(PEER_HEADER, peer);
  return new Request(`http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`, { headers });
}
