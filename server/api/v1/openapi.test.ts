import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { successStatus } from "../../../shared/api/route.ts";
import { v1Api } from "../../../shared/api/v1Routes.ts";
import { windowCounts } from "../../apiReader/apiLimits.ts";
import { ANONYMOUS } from "../../rights/access.ts";
import { apiDocsRoute } from "./apiDocsRoute.ts";
import { v1Routes } from "./index.ts";

/** The OpenAPI document against the routes the /api/v1 plugin really registers. */
describe("the OpenAPI document", () => {
  async function app() {
    const registered: string[] = [];
    const instance = Fastify();
    // As principal.ts does, for an anonymous caller.
    instance.decorateRequest("principal", null as never);
    instance.addHook("preHandler", async (request) => {
      request.principal = ANONYMOUS;
    });
    instance.addHook("onRoute", (route) => {
      for (const method of [route.method].flat())
        if (method !== "HEAD" && method !== "OPTIONS") registered.push(`${method} ${route.url}`);
    });
    await instance.register(
      v1Routes({
        storage: {} as never,
        models: {} as never,
        pages: {} as never,
        baseUrl: () => "https://data.example",
        live: { hocuspocus: {} as never, proposals: { allowAnonymous: () => true } },
        requestsPerMinute: 10,
        limitCounts: windowCounts(),
        version: "0.0.0",
        instanceName: null,
      }),
    );
    await instance.register(apiDocsRoute);
    await instance.ready();
    return { instance, registered };
  }

  it("describes every /api/v1 route, and only those, with valid references", async () => {
    const { instance, registered } = await app();
    const response = await instance.inject("/api/v1/openapi.json");
    expect(response.statusCode, response.body).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "https://data.example" }]);
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const routes = registered.filter((r) => r.includes("/api/v1/") && r !== "GET /api/v1/openapi.json");
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(described.sort()).toEqual(routes.sort());

    const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      ([path, methods]) => Object.values(methods).map((op) => ({ path, op })),
    );
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters as { in: string; name: string }[])
        .filter((p) => p.in === "path")
        .map((p) => p.name);
      expect(declared.sort(), `${op.operationId} path parameters`).toEqual(inPath.sort());
      expect(Object.keys(op.responses as object).length).toBeGreaterThan(1);
    }
    // Each route's success answer is described, with its schema where it answers JSON.
    for (const route of Object.values(v1Api)) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, "{$1}")][route.method.toLowerCase()];
      expect(op.responses, `${op.operationId} success`).toHaveProperty(String(successStatus(route)));
    }
    // Every reference points at a component that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref as string);
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
    expect(doc.components.schemas.RowsPage.properties.rows.items).toEqual({ $ref: "#/components/schemas/Row" });
    expect(doc.components.schemas.Row.required).toEqual(["id", "cells"]);
    const listRows = doc.paths["/api/v1/datasets/{id}/rows"].get;
    expect(listRows.parameters.find((p: { name: string }) => p.name === "limit")).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 },
    });
    // Webhook events, with their signature headers and payloads.
    expect(Object.keys(doc.webhooks).sort()).toEqual(["dataset.changed", "proposal.decided", "webhook.test"]);
    const changed = doc.webhooks["dataset.changed"].post;
    expect(changed.parameters.map((p: { name: string }) => p.name)).toEqual([
      "webhook-id",
      "webhook-timestamp",
      "webhook-signature",
    ]);
    expect(changed.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/DatasetChangedEvent",
    });
    expect(doc.components.schemas.DatasetChangedEvent.properties.data).toEqual({
      $ref: "#/components/schemas/DatasetChanged",
    });
    // The error codes come from the one shared list.
    expect(doc.components.schemas.Error.properties.error.enum).toContain("snapshot-not-ready");
  });

  it("is browsable at /api/docs, with nothing fetched from elsewhere", async () => {
    const { instance } = await app();
    const page = await instance.inject("/api/docs");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('fetch("/api/v1/openapi.json")');
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
  });
});
