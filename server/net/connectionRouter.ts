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
  /** Closes the connections that have said nothing yet (the server is stopping; it would wait for them). */
  dropSilent(): void;
};

export function routeConnections(server: Server, handOff: (socket: Socket, head: Buffer) => boolean): ConnectionRouter {
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const accept = (socket: Socket) => {
    for (const listener of httpListeners) listener.call(server, socket);
  };
  const silent = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    // Until it speaks, the HTTP server's header timeout does not watch it: the same limit, here.
    // One that ends or fails before it said anything had nothing to ask.
    silent.add(socket);
    socket.setTimeout(server.headersTimeout || 60_000, () => socket.destroy());
    const dropped = () => socket.destroy();
    const gone = () => silent.delete(socket);
    socket.on("error", dropped).on("end", dropped).once("close", gone);
    socket.once("data", (chunk: Buffer) => {
      gone();
      socket.setTimeout(0);
      socket.off("end", dropped).off("close", gone);
      socket.pause();
      // Chunks read before this one was given to us wait in the socket: they are part of the head.
      const head = socket.readableLength > 0 ? Buffer.concat([chunk, socket.read() as Buffer]) : chunk;
      // A socket handed off may wait here a moment (Node sends one socket at a time): a reset
      // meanwhile must not be an unhandled error.
      if (handOff(socket, head)) return;
      socket.off("error", dropped);
      socket.unshift(head);
      accept(socket);
      socket.resume();
    });
  });
  return {
    accept,
    dropSilent() {
      for (const socket of silent) socket.destroy();
    },
  };
}
