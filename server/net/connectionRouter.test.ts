import net from "node:net";
import { describe, expect, it } from "vitest";
import { startTestServer, tempDataDir } from "../test/testServer.ts";

const connect = (url: string) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(Number(new URL(url).port), "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
const closed = (socket: net.Socket) => new Promise<void>((resolve) => socket.once("close", () => resolve()));

/** The connection router reads each connection's first bytes before the HTTP server sees it. */
describe("connections that say nothing", () => {
  it("are closed when the client ends them, and do not hold the server's stop", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir);
    try {
      const ending = await connect(server.url);
      const ended = closed(ending);
      ending.end(); // half-closed by the client before any request: the server closes its side
      await ended;

      const silent = await connect(server.url);
      const dropped = closed(silent);
      await server.close(); // would wait for the silent connection (a minute) if it were kept
      await dropped;
    } finally {
      await server.close();
      data.remove();
    }
  });

  it("still reach the HTTP server when they speak, in pieces if need be", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir);
    try {
      const socket = await connect(server.url);
      let answer = "";
      socket.setEncoding("latin1").on("data", (chunk: string) => {
        answer += chunk;
      });
      socket.write("GET /api/hea");
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write("lth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      await closed(socket);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toContain('{"ok":true}');
    } finally {
      await server.close();
      data.remove();
    }
  });
});
