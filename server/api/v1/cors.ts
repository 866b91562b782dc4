/**
 * CORS for /api/v1: any site may call it, without credentials (`*` never lets a browser send
 * cookies, and this API ignores them anyway). Routes under /api that use the session cookie are
 * registered elsewhere and get no CORS header, so other sites cannot read them.
 */
import type { FastifyInstance } from "fastify";

export const exposedHeaders = [
  "ETag",
  "Last-Modified",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
].join(", ");

export function openCors(app: FastifyInstance): void {
  app.addHook("onRequest", (_request, reply, done) => {
    reply.header("access-control-allow-origin", "*");
    reply.header("access-control-expose-headers", exposedHeaders);
    done();
  });
  app.options("/api/v1/*", async (_request, reply) => {
    reply.header("access-control-allow-methods", "GET, HEAD, POST, PATCH, DELETE");
    reply.header("access-control-allow-headers", "Authorization, Content-Type, If-None-Match, Contributor-Token");
    reply.header("access-control-max-age", "600");
    return reply.code(204).send();
  });
}
