/**
 * The way back from the API reader process: a request it does not serve, on a connection it holds
 * (a browser's keep-alive connection that asked /api/v1 first, then /api/account), is sent on to
 * this process through a Unix socket in a private directory. Each such connection starts with the
 * client's address on a line of its own; the connection then reaches the HTTP server with that
 * address as its own, so limits, budgets and TRUST_PROXY see the client exactly as if it had
 * connected here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ConnectionRouter } from "../net/connectionRouter.ts";

/** The preamble a forwarded connection starts with (forward.ts writes it). */
export const peerLine = (address: string | undefined) => `${address ?? ""}\n`;
const MAX_PREAMBLE = 64;

export async function openReturnPath(router: ConnectionRouter): Promise<{ path: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "data-patch-reader-")); // 0700: this user's only
  const socketPath = path.join(dir, "return.sock");
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    let preamble = Buffer.alloc(0);
    socket.on("error", () => socket.destroy());
    const onData = (chunk: Buffer) => {
      preamble = Buffer.concat([preamble, chunk]);
      const end = preamble.indexOf("\n");
      if (end < 0) {
        if (preamble.length > MAX_PREAMBLE) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.pause();
      const address = preamble.toString("latin1", 0, end);
      Object.defineProperty(socket, "remoteAddress", { value: address || undefined });
      if (end + 1 < preamble.length) socket.unshift(preamble.subarray(end + 1));
      router.accept(socket);
      socket.resume();
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
