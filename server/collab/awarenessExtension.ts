/**
 * Polices presence (Yjs awareness), which Hocuspocus relays even from read-only connections:
 * a state may only hold a name, a colour and the selected cell. Signed-in people appear under
 * their account name; visitors keep the name they chose, marked as a guest.
 */
import type { beforeHandleAwarenessPayload, Extension } from "@hocuspocus/server";
import type { CollabContext } from "./context.ts";

const COLOR = /^#[0-9a-fA-F]{6}$/;
const ID = /^[0-9A-Za-z_]{1,40}$/;

export function awarenessExtension(): Extension {
  return {
    extensionName: "Awareness",
    async beforeHandleAwareness({ states, context }: beforeHandleAwarenessPayload<CollabContext>) {
      for (const [clientId, state] of states) {
        if (state === null) continue; // a peer leaving
        states.set(clientId, allowedState(state, context?.displayName ?? null));
      }
    },
  };
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
