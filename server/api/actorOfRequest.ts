import type { FastifyRequest } from "fastify";
import { API_TOKEN_PREFIX } from "../auth/apiTokens.ts";
import { parseSecret } from "../auth/secrets.ts";
import { actorOfPrincipal } from "../collab/attribution.ts";
import { hashAddress } from "../privacy/addressHash.ts";
import type { Actor } from "../storage/types.ts";

/** The id of the API token a request carries (Authorization: Bearer), or null. */
export function apiTokenIdOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ")
    ? (parseSecret(header.slice("Bearer ".length).trim(), API_TOKEN_PREFIX)?.id ?? null)
    : null;
}

/** Who an API request's changes are attributed to: the token used, the signed-in person, or the visitor's hashed address. */
export function actorOfRequest(request: FastifyRequest): Actor {
  return actorOfPrincipal(request.principal, apiTokenIdOf(request), hashAddress(request.ip));
}
