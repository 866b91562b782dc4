/**
 * Sign-in through OpenID Connect, GitHub and GitLab: the list of providers for the sign-in page, the
 * redirect to a provider, and its callback. Failures end on `/sign-in?error=<code>` (see OAUTH_ERRORS).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as client from "openid-client";
import { authApi } from "../../shared/api/auth.ts";
import { accountForProfile } from "../auth/oauthAccounts.ts";
import { signInProviders } from "../auth/oauthProviders.ts";
import { type OAuthChecks, type OAuthErrorCode, OAuthFailure } from "../auth/oauthTypes.ts";
import { createSession } from "../auth/sessions.ts";
import type { SignInSettings } from "../config.ts";
import { emailLanguages } from "../email/templates.ts";
import type { Language } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { serve } from "./serve.ts";
import { type SessionCookie, setSessionCookie } from "./session.ts";

export type OAuthRouteOptions = {
  storage: Storage;
  cookie: SessionCookie;
  settings: SignInSettings;
  /** The public URL, known only once the server listens: read at each request. */
  baseUrl: () => string;
};

const FLOW_COOKIES = { state: "dp_oauth_state", codeVerifier: "dp_oauth_verifier", nonce: "dp_oauth_nonce" } as const;
const NEXT_COOKIE = "dp_oauth_next";
const FLOW_MAX_AGE_S = 10 * 60;

export function oauthRoutes({ storage, cookie, settings, baseUrl }: OAuthRouteOptions) {
  const providers = signInProviders(settings);
  const callbackPath = (id: string) => `/api/auth/oauth/${id}/callback`;
  // Sent only to this provider's callback, and only for the few minutes a sign-in takes.
  const flowCookie = (id: string, maxAge: number) => ({
    path: callbackPath(id),
    httpOnly: true,
    sameSite: "lax" as const,
    secure: cookie.secure,
    maxAge,
  });

  return async (app: FastifyInstance) => {
    serve(app, authApi.providers, async () => ({
      providers: [...providers.values()].map(({ id, name }) => ({ id, name })),
    }));

    serve(app, authApi.oauthStart, async ({ params, query }, request, reply) => {
      const provider = providers.get(params.provider);
      if (!provider) return failed(request, reply, unknownProvider(params.provider));
      const checks: OAuthChecks = {
        state: client.randomState(),
        codeVerifier: client.randomPKCECodeVerifier(),
        nonce: client.randomNonce(),
      };
      let url: URL;
      try {
        url = await provider.authorizationUrl(`${baseUrl()}${callbackPath(provider.id)}`, checks);
      } catch (error) {
        return failed(request, reply, error, provider.id);
      }
      for (const [key, name] of Object.entries(FLOW_COOKIES))
        reply.setCookie(name, checks[key as keyof OAuthChecks], flowCookie(provider.id, FLOW_MAX_AGE_S));
      const next = safeNext(query.next);
      if (next) reply.setCookie(NEXT_COOKIE, next, flowCookie(provider.id, FLOW_MAX_AGE_S));
      return reply.redirect(url.href, 302);
    });

    serve(app, authApi.oauthCallback, async ({ params, query }, request, reply) => {
      const provider = providers.get(params.provider);
      if (!provider) return failed(request, reply, unknownProvider(params.provider));
      const checks = {
        state: request.cookies[FLOW_COOKIES.state],
        codeVerifier: request.cookies[FLOW_COOKIES.codeVerifier],
        nonce: request.cookies[FLOW_COOKIES.nonce],
      };
      const next = safeNext(request.cookies[NEXT_COOKIE]) ?? "/";
      // Spent by any attempt, successful or not.
      for (const name of [...Object.values(FLOW_COOKIES), NEXT_COOKIE])
        reply.clearCookie(name, flowCookie(provider.id, 0));
      try {
        if (query.error) {
          const code: OAuthErrorCode = query.error === "access_denied" ? "oauth-denied" : "oauth-provider-error";
          throw new OAuthFailure(
            code,
            `provider answered ${query.error}: ${(query.error_description ?? "").slice(0, 200)}`,
          );
        }
        if (!checks.state || !checks.codeVerifier || !checks.nonce || query.state !== checks.state)
          throw new OAuthFailure("oauth-invalid-state", "state missing, expired or not the one sent");
        const callbackUrl = new URL(`${baseUrl()}${callbackPath(provider.id)}`);
        for (const [key, value] of Object.entries(query))
          if (value !== undefined) callbackUrl.searchParams.set(key, String(value));
        const profile = await provider.profile(callbackUrl, checks as OAuthChecks);
        const account = await accountForProfile(storage, provider.id, profile, languageOf(request));
        request.log.info({ provider: provider.id, ...account }, "signed in through a provider");
        // A new session at every sign-in, never one from before: no session fixation.
        if (request.session) await storage.sessions.delete(request.session.id);
        setSessionCookie(reply, cookie, await createSession(storage, account.userId));
        return reply.redirect(next, 302);
      } catch (error) {
        return failed(request, reply, error, provider.id);
      }
    });
  };
}

const unknownProvider = (id: string) => new OAuthFailure("oauth-unknown-provider", `no provider ${id.slice(0, 50)}`);

function failed(request: FastifyRequest, reply: FastifyReply, error: unknown, provider?: string) {
  const code: OAuthErrorCode = error instanceof OAuthFailure ? error.code : "oauth-failed";
  // The reason only, never the error object: its cause may hold provider answers.
  const reason = error instanceof Error ? error.message : String(error);
  request.log.warn({ provider, code, reason }, "provider sign-in failed");
  return reply.redirect(`/sign-in?error=${code}`, 302);
}

/** A path on this site only: no scheme, no `//host`, no backslash tricks. */
export function safeNext(next: string | undefined): string | null {
  if (!next || next.length > 1000 || !next.startsWith("/") || next.startsWith("//")) return null;
  if (/[\\\s\p{Cc}]/u.test(next)) return null;
  return next;
}

function languageOf(request: FastifyRequest): Language {
  for (const part of (request.headers["accept-language"] ?? "").split(",")) {
    const tag = part.trim().split(/[-;]/)[0]?.toLowerCase() ?? "";
    if (emailLanguages.includes(tag)) return tag;
  }
  return "en";
}
