/**
 * In the API reader process: what it does not serve goes to the collaboration process through its
 * return path (returnPath.ts), one upstream connection per client connection, so the main process
 * sees each client's requests on a connection of that client's own, with its address.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { peerLine } from "./returnPath.ts";

/** Headers about this hop's connection, not the request: each side of the proxy sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive"]);

function withoutHopHeaders(raw: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (!HOP_BY_HOP.has((raw[i] as string).toLowerCase())) kept.push(raw[i] as string, raw[i + 1] as string);
  return kept;
}

export function forwarder(returnPath: string) {
  const agents = new WeakMap<net.Socket, http.Agent>();
  const upstream = (client: net.Socket) => {
    const socket = net.connect(returnPath);
    socket.write(peerLine(client.remoteAddress));
    return socket;
  };

  function agentOf(client: net.Socket): http.Agent {
    let agent = agents.get(client);
    if (!agent) {
      const created = new http.Agent({ keepAlive: true, maxSockets: 1 });
      created.createConnection = () => upstream(client);
      client.once("close", () => created.destroy());
      agents.set(client, created);
      agent = created;
    }
    return agent;
  }

  return {
    request(req: IncomingMessage, res: ServerResponse): void {
      const sent = http.request(
        {
          agent: agentOf(req.socket),
          method: req.method,
          path: req.url,
          headers: withoutHopHeaders(req.rawHeaders) as unknown as http.OutgoingHttpHeaders,
          setHost: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopHeaders(answer.rawHeaders));
          answer.pipe(res);
          answer.once("error", () => res.destroy());
        },
      );
      sent.once("error", () => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(502, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: "internal", message: "The server is restarting; try again in a moment." }));
      });
      req.pipe(sent);
    },
    /** A WebSocket (or other) upgrade: its request head as received, then both ways raw. */
    upgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
      const socket = upstream(req.socket);
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) socket.write(head);
      const end = () => {
        socket.destroy();
        client.destroy();
      };
      socket.once("error", end).once("close", end);
      client.once("error", end).once("close", end);
      client.pipe(socket).pipe(client);
    },
  };
}
