/**
 * An attacker's collaboration client for the flood benchmark: the Hocuspocus protocol spoken by
 * hand over a plain `ws` socket, so it can send what no provider would and never has to read.
 *
 * A Hocuspocus message is varString(documentName) + varUint(messageType) + payload. Like
 * HocuspocusProvider, the client first sends an Auth message (type 2: Token, then the token; a
 * visitor's is empty) and waits for the server's Authenticated answer before anything else.
 * Sync messages (type 0) carry a y-protocols sync message (step 1, step 2 or update); awareness
 * messages (type 1) carry an awareness update. The server answers each update it applied with a
 * SyncStatus message (type 8), and handles one connection's messages strictly in order, so the
 * answer to a last update means everything sent before it was handled.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { withTimeout } from "./async.ts";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_STATELESS = 5;
const MESSAGE_SYNC_STATUS = 8;
const AUTH_TOKEN = 0;
const AUTH_PERMISSION_DENIED = 1;
const AUTH_AUTHENTICATED = 2;

export type CloseRecord = { code: number; reason: string; afterMs: number | null };

export class RawCollabClient {
  /** Updates the server acknowledged (SyncStatus messages received). */
  acknowledged = 0;
  /** How the connection ended, once it has; `afterMs` counts from `markStart()` (null: seen late). */
  closed: CloseRecord | null = null;
  private startedAt = performance.now();
  private readonly ackListeners: ((at: number) => void)[] = [];
  private paused = false;
  private readonly whenClosed: Promise<void>;
  private readonly socket: WebSocket;
  readonly documentName: string;

  private constructor(socket: WebSocket, documentName: string) {
    this.socket = socket;
    this.documentName = documentName;
    this.whenClosed = new Promise((resolve) =>
      socket.once("close", (code: number, reason: Buffer) => {
        this.closed = { code, reason: reason.toString(), afterMs: this.paused ? null : this.elapsedMs() };
        resolve();
      }),
    );
    // A write to a socket the server cut fails here; the close event above records it.
    socket.on("error", () => {});
    socket.on("message", (data: Buffer) => {
      if (messageType(data) !== MESSAGE_SYNC_STATUS) return;
      this.acknowledged += 1;
      const at = performance.now();
      for (const listener of this.ackListeners) listener(at);
    });
  }

  /** Opens a socket from `localAddress` (another client address than the victims') and authenticates. */
  static async connect(wsUrl: string, documentName: string, localAddress?: string): Promise<RawCollabClient> {
    const socket = new WebSocket(wsUrl, localAddress ? { localAddress } : {});
    const client = new RawCollabClient(socket, documentName);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once("open", () => socket.send(client.message(MESSAGE_AUTH, (e) => writeToken(e, ""))));
        socket.once("error", reject);
        socket.once("close", (code, reason) => reject(new Error(`closed before authentication: ${code} ${reason}`)));
        const onMessage = (data: Buffer) => {
          const answer = authAnswer(data);
          if (answer === null) return;
          socket.off("message", onMessage);
          if (answer === AUTH_AUTHENTICATED) resolve();
          else reject(new Error(`authentication refused (${answer})`));
        };
        socket.on("message", onMessage);
      }),
      30_000,
      `attacker authentication on ${documentName}`,
    );
    return client;
  }

  /** Calls back with the arrival time (performance.now()) of each acknowledgement. */
  onAcknowledged(listener: (at: number) => void): void {
    this.ackListeners.push(listener);
  }

  /** Stops reading the socket: what the server sends stays in its buffers (and in the kernel's). */
  pause(): void {
    this.paused = true;
    (this.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resume(): void {
    (this.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  /** The attack starts now: close times are counted from here. */
  markStart(): void {
    this.startedAt = performance.now();
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** The server's close frame once it has arrived, before the close event (which waits for TCP to end). */
  closeFrame(): CloseRecord | null {
    const ws = this.socket as unknown as { _closeFrameReceived: boolean; _closeCode: number; _closeMessage: Buffer };
    if (!ws._closeFrameReceived) return null;
    return { code: ws._closeCode, reason: ws._closeMessage.toString(), afterMs: null };
  }

  get open(): boolean {
    return this.closed === null && this.socket.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  /**
   * Writes messages already framed by `frame()` straight to the TCP socket, in one write: a flood
   * at the speed of the wire, which costs the attacker's process (on the benchmark's machine, and
   * so the server's CPU) next to nothing, as if it were sent from another machine.
   */
  sendFramed(frames: Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    (this.socket as unknown as { _socket: { write(data: Buffer): void } })._socket.write(frames);
  }

  /** Resolves when the connection has ended, or after `ms`. */
  waitClosed(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([this.whenClosed, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() =>
      clearTimeout(timer),
    );
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** SyncStep1 with an empty state vector: "send me the whole document". */
  syncRequest(): Uint8Array {
    const empty = new Y.Doc();
    const message = this.message(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, empty));
    empty.destroy();
    return message;
  }

  update(update: Uint8Array): Uint8Array {
    return this.message(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
  }

  /** An awareness message carrying an already encoded awareness update. */
  awareness(awarenessUpdate: Uint8Array): Uint8Array {
    return this.message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessUpdate));
  }

  /** A stateless message with an empty payload: nothing for the server to do, a write to see whether the socket is still there. */
  stateless(): Uint8Array {
    return this.message(MESSAGE_STATELESS, (e) => encoding.writeVarString(e, ""));
  }

  private message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.documentName);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }
}

/**
 * Client-to-server WebSocket binary frames (RFC 6455 §5.2), all in one buffer. A client must mask
 * its frames; a zero masking key makes masking the identity, so the payloads are copied as they are.
 */
export function frame(messages: Uint8Array[]): Buffer {
  const header = (length: number) => {
    const mask = [0, 0, 0, 0];
    if (length < 126) return [0x82, 0x80 | length, ...mask];
    if (length < 65_536) return [0x82, 0x80 | 126, length >> 8, length & 0xff, ...mask];
    const size = Buffer.alloc(8);
    size.writeBigUInt64BE(BigInt(length));
    return [0x82, 0x80 | 127, ...size, ...mask];
  };
  return Buffer.concat(messages.flatMap((message) => [Buffer.from(header(message.byteLength)), message]));
}

function writeToken(encoder: encoding.Encoder, token: string): void {
  encoding.writeVarUint(encoder, AUTH_TOKEN);
  encoding.writeVarString(encoder, token);
}

/** The message type after the document name, or null if unreadable. */
function messageType(data: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}

/** For an Auth message: Authenticated or PermissionDenied; null for any other message. */
function authAnswer(data: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MESSAGE_AUTH) return null;
    const answer = decoding.readVarUint(decoder);
    return answer === AUTH_AUTHENTICATED || answer === AUTH_PERMISSION_DENIED ? answer : null;
  } catch {
    return null;
  }
}
