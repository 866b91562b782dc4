/**
 * What one WebSocket may make the server do, checked before Hocuspocus reads a message: a rate of
 * messages, of changes, of sync requests (each makes the server encode the document) and of presence updates,
 * a size for presence messages, and a bound on what the socket leaves unread. A socket over a
 * budget is closed with a close code; presence over its rate is dropped (it is ephemeral).
 */
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import { closeEvents } from "../../shared/closeEvents.ts";
import { TokenBucket } from "./tokenBucket.ts";

export type SocketBudgetLimits = {
  messagesPerSecond: number;
  messageBurst: number;
  /** Changes (SyncStep2 and updates): each is checked, logged, applied and relayed. The provider batches its own. */
  updatesPerSecond: number;
  updateBurst: number;
  /** SyncStep1 requests: a burst, then one per `syncRequestEverySeconds`. */
  syncRequestBurst: number;
  syncRequestEverySeconds: number;
  awarenessPerSecond: number;
  awarenessBurst: number;
  maxAwarenessBytes: number;
  /** Bytes a socket may leave unread beyond the largest single message it was sent. */
  maxUnreadBytes: number;
};

export const DEFAULT_SOCKET_BUDGET: SocketBudgetLimits = {
  messagesPerSecond: 200,
  messageBurst: 1_000,
  updatesPerSecond: 50,
  updateBurst: 100,
  syncRequestBurst: 5,
  syncRequestEverySeconds: 10,
  awarenessPerSecond: 20,
  awarenessBurst: 60,
  maxAwarenessBytes: 4_096,
  maxUnreadBytes: 16 * 1024 * 1024,
};

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type SocketBudget = {
  /** Whether to hand the message to Hocuspocus; closes the socket when it is over budget. */
  admit(data: Uint8Array): boolean;
};

export function socketBudget(
  ws: WebSocket,
  limits: SocketBudgetLimits,
  onClosed: (reason: string) => void = () => {},
): SocketBudget {
  const messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond);
  const updates = new TokenBucket(limits.updateBurst, limits.updatesPerSecond);
  const syncRequests = new TokenBucket(limits.syncRequestBurst, 1 / limits.syncRequestEverySeconds);
  const awareness = new TokenBucket(limits.awarenessBurst, limits.awarenessPerSecond);
  guardUnread(ws, limits.maxUnreadBytes, onClosed);

  const close = ({ code, reason }: { code: number; reason: string }) => {
    onClosed(reason);
    ws.close(code, reason);
    return false;
  };

  return {
    admit(data) {
      if (!messages.take()) return close(closeEvents.tooManyRequests);
      const kind = messageKind(data);
      if (kind === "awareness") {
        if (data.byteLength > limits.maxAwarenessBytes) return close(closeEvents.tooLarge);
        return awareness.take();
      }
      if (kind === "sync-request" && !syncRequests.take()) return close(closeEvents.tooManyRequests);
      if (kind === "change" && !updates.take()) return close(closeEvents.tooManyRequests);
      return true;
    },
  };
}

/** Reads just enough of a Hocuspocus message to classify it; anything unreadable is left to Hocuspocus. */
function messageKind(data: Uint8Array): "awareness" | "sync-request" | "change" | "other" {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) return "awareness";
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP_1) return "sync-request";
      if (step === SYNC_STEP_2 || step === SYNC_UPDATE) return "change";
    }
  } catch {
    // malformed: Hocuspocus refuses it
  }
  return "other";
}

/**
 * A socket that does not read keeps every message sent to it in memory. Past the bound, it is cut
 * (a close frame would wait behind the unread data). The bound grows with the largest message
 * sent, so a slow reader of a big first sync is not cut for the edits that follow it.
 */
function guardUnread(ws: WebSocket, maxUnreadBytes: number, onClosed: (reason: string) => void): void {
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  let largest = 0;
  ws.send = ((data: unknown, ...rest: unknown[]) => {
    if (ws.bufferedAmount > largest + maxUnreadBytes) {
      if (ws.readyState === ws.OPEN) {
        onClosed(closeEvents.notReading.reason);
        ws.terminate();
      }
      return;
    }
    const size = (data as { byteLength?: number }).byteLength ?? 0;
    if (size > largest) largest = size;
    send(data, ...rest);
  }) as WebSocket["send"];
}
