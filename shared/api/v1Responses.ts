/** Answers many /api/v1 routes share: the error answers by status, and the caching headers. */
import type { ApiResponse } from "./openApiOperation.ts";
import { apiErrorSchema } from "./v1.ts";

const errorDescriptions: Record<number, string> = {
  400: "Invalid request (`invalid-request`, `invalid-filter`, `invalid-cursor`, `invalid-cells`)",
  401: "An API token is needed (`token-required`) or the one given is unknown or revoked (`invalid-token`)",
  403: "The token's role or scope does not allow this, or the caller is blocked from proposing here (`forbidden`)",
  404: "No such dataset, or one the caller may not read (the same answer), or no such row",
  413: "The request body is too large (`too-large`)",
  429: "Over the rate limit (`too-many-requests`; see the RateLimit and Retry-After headers), or, for a write filed as a proposal, too many pending proposals (`too-many-proposals`) or anonymous proposals from this address",
  503: "The dataset's snapshot is being built (`snapshot-not-ready`); retry after Retry-After seconds",
};

export function errorResponses(...statuses: number[]): Record<number, ApiResponse> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: errorDescriptions[status] ?? "Error", schema: apiErrorSchema }]),
  );
}

export const cachingHeaders: Record<string, string> = {
  ETag: "The snapshot version the answer comes from (send it back in If-None-Match)",
  "Cache-Control": "`public, max-age=60, stale-while-revalidate=60` for public datasets; `private, no-cache` otherwise",
  "Last-Modified": "When the snapshot was built",
};
