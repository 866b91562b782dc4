/**
 * WebSocket close codes the server closes a socket with, and that clients react to (4000–4999 is
 * the range RFC 6455 leaves to applications). Refusals while opening a document (not-found,
 * invalid-document-name, dataset-reset, forbidden) arrive as the reason of Hocuspocus's
 * authentication-failed message instead; everything refused later closes the socket with its code.
 */
export const closeEvents = {
  invalidUpdate: { code: 4400, reason: "invalid-update" },
  /** Closes the whole socket: the session or API token it was opened with ended (signed out, revoked, account deleted). */
  credentialsRevoked: { code: 4401, reason: "credentials-revoked" },
  forbidden: { code: 4403, reason: "forbidden" },
  notFound: { code: 4404, reason: "not-found" },
  invalidName: { code: 4404, reason: "invalid-document-name" },
  /** The dataset was reset or replaced: the client must drop its local copy and open the new epoch. */
  reset: { code: 4410, reason: "dataset-reset" },
  tooLarge: { code: 4413, reason: "too-large" },
  /** Closes the whole socket: the person's role or the dataset's openness changed; reconnect to get the new rights. */
  rightsChanged: { code: 4409, reason: "rights-changed" },
  tooNew: { code: 4426, reason: "client-too-old" },
  /** Over a per-socket budget (messages, sync requests, anonymous bytes per minute): reconnect later. */
  tooManyRequests: { code: 4429, reason: "too-many-requests" },
  /** Logged, never received: a socket that leaves too much unread is cut without a close frame. */
  notReading: { code: 4408, reason: "not-reading" },
} as const;

export type CloseEventName = keyof typeof closeEvents;
