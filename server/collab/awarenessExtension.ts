/**
 * Polices presence (Yjs awareness), which Hocuspocus relays even from read-only connections:
 * a connection speaks only for its own client ids (a few at most, none that another open connection holds),
 * and a state may only hold a name, a colour and the selected cell. Signed-in people appear under
 * their account name; visitors keep the name they chose, marked as a guest.
 */
import type { beforeHandleAwarenessPayload, Connection, Document, Extension } from "@hocuspocus/server";
import type { CollabContext } from "./context.ts";

const COLOR = /^#[0-9a-fA-F]{6}$/;
const ID = /^[0-9A-Za-z_]{1,40}$/;

export function awarenessExtension(): Extension {
  return {
    extensionName: "Awareness",
    async beforeHandleAwareness({
      states,
      context,
      connection,
      document,
    }: beforeHandleAwarenessPayload<CollabContext>) {
      if (connection) {
        for (const clientId of [...states.keys()])
          if (!speaksFor(document, connection, clientId)) states.delete(clientId);
      }
      for (const [clientId, state] of states) {
        if (state === null) continue; // a peer leaving
        states.set(clientId, allowedState(state, context?.displayName ?? null));
      }
    },
  };
}

/** A provider's presence may use a few client ids over a connection's life (its document's id can change). */
const MAX_CLIENT_IDS_PER_CONNECTION = 4;
const ownerOf = new WeakMap<Document, Map<number, Connection>>();
const claimedBy = new WeakMap<Connection, Set<number>>();

/** Whether a connection may set this client id's presence: an id belongs to the first open connection that used it. */
function speaksFor(document: Document, connection: Connection, clientId: number): boolean {
  let owners = ownerOf.get(document);
  if (!owners) {
    owners = new Map();
    ownerOf.set(document, owners);
  }
  const owner = owners.get(clientId);
  if (owner === connection) return true;
  if (owner && document.connections.has(owner)) return false;
  const claimed = claimedBy.get(connection) ?? new Set<number>();
  if (claimed.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
  claimed.add(clientId);
  claimedBy.set(connection, claimed);
  owners.set(clientId, connection);
  return true;
}

export function allowedState(state: Record<string, unknown>, accountName: string | null) {
  const user = (state.user ?? {}) as Record<string, unknown>;
  const chosen = typeof user.name === "string" ? user.name.replace(/\p{C}/gu, "").trim().slice(0, 40) : "";
  const cursor = state.cursor as Record<string, unknown> | null | undefined;
  return {
    user: {
      name: accountName ?? (chosen || "Guest"),
      color: typeof user.color === "string" && COLOR.test(user.color) ? user.color : "#0057b8",
      guest: accountName === null,
    },
    cursor:
      cursor &&
      typeof cursor.rowId === "string" &&
      typeof cursor.columnId === "string" &&
      ID.test(cursor.rowId) &&
      ID.test(cursor.columnId)
        ? { rowId: cursor.rowId, columnId: cursor.columnId }
        : null,
  };
}
