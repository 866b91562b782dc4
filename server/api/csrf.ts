/**
 * Cross-site request forgery protection for every state-changing request (OWASP's Fetch Metadata
 * approach with an Origin fallback): the browser must say the request comes from this same site.
 * Requests authenticated by an API token (Authorization header, never a cookie) are exempt, and so
 * are routes marked `config: { crossSite: true }`, which must ignore the session cookie. The
 * collaboration WebSocket applies the same check to upgrades that carry a session cookie.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { HttpError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type SiteVerdict = "same-origin" | "cross-site" | "unverified";

/**
 * Where a request comes from, by the browser's word: Sec-Fetch-Site when it is sent, else the
 * Origin header compared with this site's origin (PUBLIC_URL's, else the one the request was sent to).
 */
export function siteOf(publicUrl: string | null) {
  const configuredOrigin = publicUrl ? new URL(publicUrl).origin : null;
  return (headers: IncomingHttpHeaders, protocol: string): SiteVerdict => {
    const site = headers["sec-fetch-site"];
    if (site !== undefined) return site === "same-origin" ? "same-origin" : "cross-site";
    const expected = configuredOrigin ?? `${protocol}://${headers.host}`;
    return headers.origin === expected ? "same-origin" : "unverified";
  };
}

export const csrfPlugin = fp(async (app: FastifyInstance, options: { publicUrl: string | null }) => {
  const verdictOf = siteOf(options.publicUrl);
  const refusal = (request: FastifyRequest): HttpError | undefined => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization?.startsWith("Bearer ")) return;
    // Routes that read no cookie (they act for a token or for nobody) take requests from anywhere.
    if (request.routeOptions.config.crossSite) return;
    const verdict = verdictOf(request.headers, request.protocol);
    if (verdict === "same-origin") return;
    if (verdict === "cross-site")
      return new HttpError(403, "cross-site-request", "Cross-site requests are not accepted.");
    return new HttpError(403, "cross-site-request", "The request's origin could not be verified.");
  };
  // A callback hook: every request passes here, most with nothing to wait for.
  app.addHook("onRequest", (request, _reply, done) => done(refusal(request)));
});

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route reads no session cookie, so cross-site requests are harmless (the change-set endpoint, all of /api/v1). */
    crossSite?: boolean;
  }
}
