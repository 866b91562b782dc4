import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

/**
 * The routes a real server registers that are not described in shared/api (route()), each with
 * why. Anything else registered without a description fails the test below: describe it, or add
 * it here with its reason.
 */
const notDescribed: Record<string, string> = {
  "GET /api/v1/openapi.json": "the OpenAPI document itself, generated from the /api/v1 descriptions",
  "GET /api/docs": "an HTML page that reads /api/v1/openapi.json",
  "GET /catalog": "the DCAT catalogue: RDF by content negotiation (JSON-LD or Turtle), not JSON of a schema",
  "GET /catalog.jsonld": "the DCAT catalogue as JSON-LD (RDF, checked as RDF by catalog.test.ts)",
  "GET /catalog.ttl": "the DCAT catalogue as Turtle (RDF, checked as RDF by catalog.test.ts)",
  "GET /embed/:id": "an HTML page for an iframe (server/embed/renderEmbed.ts)",
  "GET /embed/assets/:file": "the embed's built script and styles, files",
  "OPTIONS /api/v1/*": "CORS preflights of the public API (v1/cors.ts)",
  "OPTIONS /api/datasets/:id/change-sets": "the CORS preflight of anonymous proposals from other sites",
  "OPTIONS /catalog": "the catalogue's CORS preflight",
  "OPTIONS /catalog.jsonld": "the catalogue's CORS preflight",
  "OPTIONS /catalog.ttl": "the catalogue's CORS preflight",
};

let server: TestServer;
let data: ReturnType<typeof tempDataDir>;
beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});
afterAll(async () => {
  await server?.close();
  data?.remove();
});

describe("every route the server registers", () => {
  it("is described in shared/api, or listed as not described with a reason", () => {
    const clientDir = loadConfig({ DATA_DIR: data.dir }).clientDir;
    const registered = new Set(server.routes.map((r) => `${r.method} ${r.path}`));
    const undescribed = server.routes
      .filter((route) => route.description === null)
      // Fastify answers HEAD for each GET: described with it.
      .filter((route) => !(route.method === "HEAD" && registered.has(`GET ${route.path}`)))
      // The built client's files (one static route per file when there is a build).
      .filter((route) => !existsSync(path.join(clientDir, route.path)))
      .map((route) => `${route.method} ${route.path}`);
    expect(undescribed.filter((route) => !(route in notDescribed))).toEqual([]);
    // The list stays true: nothing in it is described or gone.
    expect(Object.keys(notDescribed).filter((route) => !undescribed.includes(route))).toEqual([]);
    // Described routes are registered as their description says.
    for (const route of server.routes)
      if (route.description && route.method !== "HEAD") {
        expect(route.description.method).toBe(route.method);
        expect(route.description.path).toBe(route.path);
      }
    expect(server.routes.filter((route) => route.description !== null).length).toBeGreaterThan(80);
  });
});
