/**
 * A hand-made collaboration client for attack tests: it speaks the Hocuspocus protocol over a
 * plain `ws` socket, so a test can send what no provider would (floods, crafted messages) and
 * see exactly how the server closes the socket.
 */
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;

export type RawCollab = {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  send(message: Uint8Array): void;
  syncStep1(doc: Y.Doc): Uint8Array;
  update(update: Uint8Array): Uint8Array;
  awareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array;
};

export async function rawCollab(wsUrl: string, documentName: string, token = ""): Promise<RawCollab> {
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const message = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, documentName);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const authenticated = new Promise<void>((resolve) => socket.once("message", () => resolve()));
  socket.send(
    message(MESSAGE_AUTH, (e) => {
      encoding.writeVarUint(e, AUTH_TOKEN);
      encoding.writeVarString(e, token);
    }),
  );
  await authenticated;
  return {
    socket,
    closed,
    send: (data) => socket.send(data),
    syncStep1: (doc) => message(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, doc)),
    update: (update) => message(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)),
    awareness: (awareness, clients) =>
      message(MESSAGE_AWARENESS, (e) =>
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients)),
      ),
  };
}
