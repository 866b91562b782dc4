import { fastifyCookie } from "@fastify/cookie";
import type { Credential } from "../collab/context.ts";
import { ANONYMOUS, type Principal } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { API_TOKEN_PREFIX, principalOfApiToken } from "./apiTokens.ts";
import { parseSecret } from "./secrets.ts";
import { validateSession } from "./sessions.ts";

export type ConnectionIdentity = { principal: Principal; credential: Credential | null };

/**
 * Who a WebSocket connection acts for, and with which credential: an API token given as the
 * provider's token, else the session cookie sent with the upgrade request, else nobody. Null: a
 * token that is not valid.
 */
export function connectionPrincipalResolver(storage: Storage, cookieName: string) {
  return async (headers: Headers, token: string): Promise<ConnectionIdentity | null> => {
    if (token) {
      const principal = await principalOfApiToken(storage, token);
      const id = parseSecret(token, API_TOKEN_PREFIX)?.id;
      return principal && id ? { principal, credential: { kind: "token", id } } : null;
    }
    const cookies = fastifyCookie.parse(headers.get("cookie") ?? "");
    const sessionToken = cookies[cookieName];
    const session = sessionToken ? await validateSession(storage, sessionToken) : null;
    if (!session) return { principal: ANONYMOUS, credential: null };
    return { principal: { kind: "user", userId: session.user.id }, credential: { kind: "session", id: session.id } };
  };
}
