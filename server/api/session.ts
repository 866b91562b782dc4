/**
 * Resolves the signed-in person of each request from the session cookie, and sets and clears
 * that cookie. `request.user` is null for anonymous requests.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { SESSION_LIFETIME_MS, type ValidSession, validateSession } from "../auth/sessions.ts";
import type { Storage } from "../storage/types.ts";
import { HttpError } from "./errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    session: ValidSession | null;
  }
}

export type SessionCookie = { name: string; secure: boolean };

export function sessionCookieFor(publicUrl: string): SessionCookie {
  const secure = publicUrl.startsWith("https:");
  // __Host- binds the cookie to this exact origin; browsers accept it only over HTTPS.
  return { name: secure ? "__Host-dp_session" : "dp_session", secure };
}

export const sessionPlugin = fp(async (app: FastifyInstance, options: { storage: Storage; cookie: SessionCookie }) => {
  await app.register(cookie);
  app.decorateRequest("session", null);
  // A callback hook: only a request with a session cookie has something to wait for.
  app.addHook("onRequest", (request, _reply, done) => {
    const token = request.cookies[options.cookie.name];
    if (!token) {
      request.session = null;
      return done();
    }
    Promise.resolve(validateSession(options.storage, token)).then((session) => {
      request.session = session;
      done();
    }, done);
  });
});

export function setSessionCookie(reply: FastifyReply, cookie: SessionCookie, token: string): void {
  reply.setCookie(cookie.name, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookie.secure,
    path: "/",
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply, cookie: SessionCookie): void {
  reply.clearCookie(cookie.name, { path: "/", httpOnly: true, sameSite: "lax", secure: cookie.secure });
}

export function requireSession(request: FastifyRequest): ValidSession {
  if (!request.session) throw new HttpError(401, "sign-in-required", "Sign in to do this.");
  return request.session;
}
