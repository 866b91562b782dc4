/**
 * Cross-site request forgery protection for every state-changing request (OWASP's Fetch Metadata
 * approach with an Origin fallback): the browser must say the request comes from this same site.
 * Requests authenticated by an API token (Authorization header, never a cookie) are exempt.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { HttpError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const csrfPlugin = fp(async (app: FastifyInstance, options: { publicUrl: string | null }) => {
  const configuredOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization?.startsWith("Bearer ")) return;
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined) {
      if (site === "same-origin") return;
      throw new HttpError(403, "cross-site-request", "Cross-site requests are not accepted.");
    }
    const origin = request.headers.origin;
    const expected = configuredOrigin ?? `${request.protocol}://${request.headers.host}`;
    if (origin === expected) return;
    throw new HttpError(403, "cross-site-request", "The request's origin could not be verified.");
  });
});
