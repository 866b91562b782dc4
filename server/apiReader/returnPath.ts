/**
 * The way back from the API reader process: a request it does not serve, on a connection it holds
 * (a browser's keep-alive connection that asked /api/v1 first, then /api/account), is sent on to
 * this process through a Unix socket in a private directory. Each such connection starts with the
 * client's address on a line of its own; the connection then reaches the HTTP server with that
 * address as its own, so limits, budgets and TRUST_PROXY see the client exactly as if it had
 * connected here.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ConnectionRouter } from "../net/connectionRouter.ts";

/** The preamble a forwarded connection starts with (forward.ts writes it). */
export const peerLine = (address: string | undefined) => `${address ?? ""}\n`;
const MAX_PREAMBLE = 64;
/** The private directory's name: this process's id in it, so a later server can tell it was left behind. */
const DIR_PREFIX = "data-patch-reader-";

/** Directories of servers that died without closing (SIGKILL, a power cut): their sockets serve nobody. */
function removeLeftBehind(tmp: string): void {
  for (const name of readdirSync(tmp)) {
    const pid = Number(name.slice(DIR_PREFIX.length).split("-")[0]);
    if (!name.startsWith(DIR_PREFIX) || !Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    try {
      rmSync(path.join(tmp, name), { recursive: true, force: true });
    } catch {
      // another user's, in a shared temporary directory: theirs to remove
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // another user's process: not ours to judge
  }
}

export async function openReturnPath(router: ConnectionRouter): Promise<{ path: string; close(): Promise<void> }> {
  removeLeftBehind(os.tmpdir());
  const dir = mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}${process.pid}-`)); // 0700: this user's only
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
