import { fastifyCookie } from "@fastify/cookie";
import { ANONYMOUS, type Principal } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { principalOfApiToken } from "./apiTokens.ts";
import { validateSession } from "./sessions.ts";

/**
 * Who a WebSocket connection acts for: an API token given as the provider's token, else the
 * session cookie sent with the upgrade request, else nobody. Null: a token that is not valid.
 */
export function connectionPrincipalResolver(storage: Storage, cookieName: string) {
  return async (headers: Headers, token: string): Promise<Principal | null> => {
    if (token) return principalOfApiToken(storage, token);
    const cookies = fastifyCookie.parse(headers.get("cookie") ?? "");
    const sessionToken = cookies[cookieName];
    const session = sessionToken ? await validateSession(storage, sessionToken) : null;
    return session ? { kind: "user", userId: session.user.id } : ANONYMOUS;
  };
}
