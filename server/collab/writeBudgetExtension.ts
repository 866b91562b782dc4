/**
 * Bytes per minute that anonymous writers may send, per client address (reconnecting does not
 * refill it). Members and API tokens are bounded only by the message size.
 */
import type { beforeSyncPayload, Extension } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import type { CollabContext } from "./context.ts";
import { TokenBucket } from "./tokenBucket.ts";
import { PEER_HEADER } from "./websocket.ts";

const SYNC_STEP_1 = 0;

export function writeBudgetExtension(anonymousBytesPerMinute: number): Extension {
  const byAddress = new Map<string, TokenBucket>();
  const bucketOf = (address: string) => {
    let bucket = byAddress.get(address);
    if (!bucket) {
      if (byAddress.size > 10_000) byAddress.clear(); // a bound on memory; forgetting only refills budgets
      bucket = new TokenBucket(anonymousBytesPerMinute, anonymousBytesPerMinute / 60);
      byAddress.set(address, bucket);
    }
    return bucket;
  };
  return {
    extensionName: "WriteBudget",
    async beforeSync({ type, payload, connection, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP_1 || connection.readOnly || context.principal?.kind !== "anonymous") return;
      if (bucketOf(connection.request.headers.get(PEER_HEADER) ?? "unknown").take(payload.byteLength)) return;
      const { code, reason } = closeEvents.tooManyRequests;
      connection.webSocket.close(code, reason);
      throw Object.assign(new Error("anonymous write budget exceeded"), { code, reason });
    },
  };
}
