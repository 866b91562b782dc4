/**
 * Every error code the HTTP API answers with, in `{ error, message }`. The server's HttpError only
 * takes these (server/api/errors.ts), and the OpenAPI document lists them.
 */
export const errorCodes = [
  // Requests
  "invalid-request",
  "invalid-cells",
  "invalid-filter",
  "invalid-cursor",
  "too-large",
  "unsupported-media-type",
  "not-found",
  "not-acceptable",
  "too-many-requests",
  "too-many-attempts",
  "internal",
  // Who is asking
  "sign-in-required",
  "invalid-token",
  "token-required",
  "forbidden",
  "cross-site-request",
  // Accounts
  "invalid-credentials",
  "email-not-verified",
  "email-taken",
  "invalid-or-expired-link",
  "wrong-password",
  "already-set-up",
  "wrong-setup-code",
  // Datasets
  "dataset-changed",
  "last-owner",
  "snapshot-not-ready",
  // Imports
  "invalid-file",
  "upload-expired",
  // Webhooks
  "webhook-url-refused",
  "too-many-webhooks",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

const known = new Set<string>(errorCodes);
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === "string" && known.has(code);
