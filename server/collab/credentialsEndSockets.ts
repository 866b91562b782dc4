/**
 * The storage the HTTP side uses: ending a session, revoking an API token or deleting an account
 * also closes, at once, the open sockets that were opened with it. Done here rather than in each
 * route because every way a credential ends goes through these four calls (sign-out, a new sign-in
 * replacing a session, ending a session from the account page, a password change or reset, an
 * expired session, provider sign-in taking over an unverified account, revoking a token, deleting
 * an account), and a path added later cannot forget it. Renaming an account renames its people's
 * presence on their open sockets, for the same reason.
 */
import type { Storage } from "../storage/types.ts";
import type { CollabEvents } from "./collabEvents.ts";

export function credentialsEndSockets(storage: Storage, events: CollabEvents): Storage {
  const { sessions, apiTokens, users } = storage;
  return {
    ...storage,
    sessions: {
      ...sessions,
      async delete(id) {
        await sessions.delete(id);
        events.sessionEnded(id);
      },
      async deleteForUser(userId, exceptId) {
        await sessions.deleteForUser(userId, exceptId);
        events.sessionsEnded(userId, exceptId);
      },
    },
    apiTokens: {
      ...apiTokens,
      async revoke(userId, id) {
        const revoked = await apiTokens.revoke(userId, id);
        if (revoked) events.tokenRevoked(id);
        return revoked;
      },
    },
    users: {
      ...users,
      async update(id, patch) {
        const updated = await users.update(id, patch);
        if (updated && patch.name !== undefined) events.accountRenamed(id, patch.name);
        return updated;
      },
      async delete(id) {
        await users.delete(id);
        events.accountDeleted(id);
      },
    },
  };
}
