/**
 * Bytes per minute that anonymous writers may send, per client address (reconnecting does not
 * refill it), and at most ANONYMOUS_MAX_UPDATE_BYTES in one update: checking and applying an update
 * takes the server's one thread (roughly 8 ms per 1,000 new items, all told), so a stranger's single
 * update must stay small enough not to stall everyone. Members and API tokens are bounded only by
 * the message size. Readers' changes are dropped by Hocuspocus, but each one still makes it
 * snapshot the whole document to answer, so a reader may send only a few.
 */
import type { beforeSyncPayload, Extension } from "@hocuspocus/server";
import { closeEvents } from "../../shared/closeEvents.ts";
import { hashAddress } from "../privacy/addressHash.ts";
import type { CollabContext } from "./context.ts";
import { TokenBucket } from "./tokenBucket.ts";
import { PEER_HEADER } from "./websocket.ts";

const SYNC_STEP_1 = 0;
/** A paste of a few thousand cells fits; the item count is bounded by the update rules extension. */
export const ANONYMOUS_MAX_UPDATE_BYTES = 256 * 1024;
/** A paste of 2,000 cells: other people's browsers apply it too (5,000 cost them ~150 ms in docs/benchmarks.md). */
export const ANONYMOUS_MAX_UPDATE_ITEMS = 2_000;

export function writeBudgetExtension(anonymousBytesPerMinute: number): Extension {
  // By the address's salted hash, so this map holds no address (server/privacy/addressHash.ts).
  const byAddress = new Map<string, TokenBucket>();
  const bucketOf = (addressKey: string) => {
    let bucket = byAddress.get(addressKey);
    if (!bucket) {
      if (byAddress.size > 10_000) byAddress.clear(); // a bound on memory; forgetting only refills budgets
      bucket = new TokenBucket(anonymousBytesPerMinute, anonymousBytesPerMinute / 60);
      byAddress.set(addressKey, bucket);
    }
    return bucket;
  };
  const readerSends = new WeakMap<object, TokenBucket>();
  return {
    extensionName: "WriteBudget",
    async beforeSync({ type, payload, connection, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP_1) return;
      if (connection.readOnly) {
        let bucket = readerSends.get(connection);
        if (!bucket) {
          bucket = new TokenBucket(5, 0.2);
          readerSends.set(connection, bucket);
        }
        if (bucket.take()) return;
        return refuse(connection, closeEvents.tooManyRequests, "a reader sends changes again and again");
      }
      if (context.principal?.kind !== "anonymous") return;
      const tooLarge = payload.byteLength > ANONYMOUS_MAX_UPDATE_BYTES;
      if (
        !tooLarge &&
        bucketOf(hashAddress(connection.request.headers.get(PEER_HEADER) ?? "unknown")).take(payload.byteLength)
      )
        return;
      refuse(
        connection,
        tooLarge ? closeEvents.tooLarge : closeEvents.tooManyRequests,
        "anonymous write budget exceeded",
      );
    },
  };
}

function refuse(
  connection: beforeSyncPayload["connection"],
  { code, reason }: { code: number; reason: string },
  message: string,
): never {
  connection.webSocket.close(code, reason);
  throw Object.assign(new Error(message), { code, reason });
}
