/**
 * Connections to the one port are routed by their first bytes: the HTTP server still listens (its
 * timeouts keep watching every connection it holds), but it first lets `handOff` look at a new
 * connection's first chunk and take the connection elsewhere (the API reader process,
 * server/apiReader). A connection not taken is given to the HTTP server as if nothing happened.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

export type ConnectionRouter = {
  /** Gives a connection straight to the HTTP server, unexamined (the reader's return path). */
  accept(socket: Socket): void;
};

export function routeConnections(server: Server, handOff: (socket: Socket, head: Buffer) => boolean): ConnectionRouter {
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const accept = (socket: Socket) => {
    for (const listener of httpListeners) listener.call(server, socket);
  };
  server.on("connection", (socket: Socket) => {
    // Until it speaks, the HTTP server's header timeout does not watch it: the same limit, here.
    socket.setTimeout(server.headersTimeout || 60_000, () => socket.destroy());
    const dropped = () => socket.destroy();
    socket.on("error", dropped);
    socket.once("data", (head: Buffer) => {
      socket.setTimeout(0);
      socket.off("error", dropped);
      socket.pause();
      if (handOff(socket, head)) return;
      socket.unshift(head);
      accept(socket);
      socket.resume();
    });
  });
  return { accept };
}
