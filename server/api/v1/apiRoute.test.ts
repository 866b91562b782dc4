import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { route } from "../../../shared/api/route.ts";
import { registerErrorHandler } from "../errors.ts";
import { apiRoute, registerApiRoutes } from "./apiRoute.ts";

const thing = route({
  method: "GET",
  path: "/thing/:id",
  params: z.object({ id: z.string().length(3) }),
  query: z.object({ n: z.coerce.number().int().min(1).default(1) }),
  answer: z.object({ id: z.string(), n: z.number() }),
  openApi: {
    operationId: "thing",
    summary: "a thing",
    tags: [],
    security: "optional-token",
    responses: { 200: { description: "ok" } },
  },
});

/** A described route checks its requests and its own answers against its schemas. */
describe("registerApiRoutes", () => {
  async function serve(handler: Parameters<typeof apiRoute<typeof thing>>[1]) {
    const app = Fastify({ logger: false });
    registerErrorHandler(app);
    registerApiRoutes(app, [apiRoute(thing, handler)]);
    await app.ready();
    return app;
  }

  it("parses parameters and query, and answers within the schema (extra keys dropped)", async () => {
    const app = await serve(async ({ params, query }) => ({ id: params.id, n: query.n, secret: "x" }));
    const answer = await app.inject("/thing/abc?n=2");
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ id: "abc", n: 2 });
    const bad = await app.inject("/thing/abcd?n=0");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("invalid-request");
  });

  it("a GET's input, parsed once per URL, is the same on every request; a bad one is refused every time", async () => {
    const app = await serve(async ({ params, query }) => ({ id: params.id, n: query.n }));
    for (let i = 0; i < 3; i++) {
      expect((await app.inject("/thing/abc?n=2")).json()).toEqual({ id: "abc", n: 2 });
      expect((await app.inject("/thing/abc?n=3")).json()).toEqual({ id: "abc", n: 3 });
      expect((await app.inject("/thing/abc?n=0")).statusCode).toBe(400);
    }
  });

  it("never sends an answer outside its schema or with an undeclared status", async () => {
    const wrong = await serve(async () => ({ id: 1 }));
    expect((await wrong.inject("/thing/abc")).json()).toEqual({
      error: "internal",
      message: "Something went wrong on the server.",
    });
    const undeclared = await serve(async (_input, _request, reply) => {
      reply.code(201);
      return { id: "abc", n: 1 };
    });
    expect((await undeclared.inject("/thing/abc")).statusCode).toBe(500);
  });
});
