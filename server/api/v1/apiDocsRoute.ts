/** GET /api/docs: a static page that renders /api/v1/openapi.json (no outside script or style). */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

const page = readFileSync(new URL("./apiDocs.html", import.meta.url), "utf8");

export async function apiDocsRoute(app: FastifyInstance) {
  app.get("/api/docs", async (_request, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
      .send(page),
  );
}
