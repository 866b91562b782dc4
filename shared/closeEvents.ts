/**
 * WebSocket close codes the server uses for one document connection, and that clients react to.
 * 4000–4999 is the range RFC 6455 leaves to applications.
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
} as const;

export type CloseEventName = keyof typeof closeEvents;
