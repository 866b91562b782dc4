/**
 * The fan-out baseline: a bare Yjs relay (@y/websocket-server: no persistence, no checks, no
 * hooks) holding one document seeded from a file. Run as a child process by processes.ts:
 *   node scripts/bench/relay.ts <seed file (V1 update)> <document name>
 * Prints "listening on <port>" once it accepts connections on 127.0.0.1.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getYDoc, setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import * as Y from "yjs";

const [seedFile, documentName] = process.argv.slice(2);
if (!seedFile || !documentName) throw new Error("usage: relay.ts <seed file> <document name>");

Y.applyUpdate(getYDoc(documentName), readFileSync(seedFile));

const sockets = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => response.writeHead(404).end());
server.on("upgrade", (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
});
process.once("SIGTERM", () => process.exit(0));
