/**
 * How a /api/v1 route is declared: once, with its zod schemas. The same declaration registers the
 * Fastify route (requests parsed with the schemas, JSON answers checked against them before they
 * leave) and describes it in the OpenAPI document (openapi.ts). A route not declared here is not
 * in the document, and a test fails (v1Contract.test.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { HttpError } from "../errors.ts";

export type ApiResponse = {
  description: string;
  /** A JSON answer's schema; the route's answer is checked against it. */
  schema?: z.ZodType;
  /** Other media types (snapshot files, sent as stored bytes): described, with a schema if JSON, not checked. */
  media?: Record<string, { schema?: z.ZodType }>;
  headers?: Record<string, string>;
};

export type ApiRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Fastify syntax (`:id`); `{id}` in the document. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * Who may call it: anyone (public datasets without a token), or a token with write scope (row
   * writes: anonymous callers too where they may propose, their write becoming a proposal).
   */
  security: "optional-token" | "write-token";
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ApiResponse>;
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
};

// biome-ignore lint/suspicious/noExplicitAny: a list of routes of any schemas
export type AnyApiRoute = ApiRouteSpec<any, any, any>;

/** Registers each route on `app` and returns them, for the OpenAPI document. */
export function registerApiRoutes(app: FastifyInstance, routes: AnyApiRoute[]): AnyApiRoute[] {
  for (const route of routes) {
    const parse = (request: FastifyRequest) => ({
      params: route.params ? route.params.parse(request.params) : {},
      query: route.query ? route.query.parse(request.query) : {},
      body: route.body ? route.body.parse(request.body ?? {}) : undefined,
    });
    // A GET's input follows from its URL alone: parsed once per URL (apps and embeds repeat theirs).
    const inputs = route.method === "GET" ? boundedMemo<ReturnType<typeof parse>>(PARSED_URLS) : null;
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const input = inputs ? inputs(request.url, () => parse(request)) : parse(request);
        const answer = await route.handler(input, request, reply);
        if (reply.sent || answer === reply) return reply;
        const schema = route.responses[reply.statusCode]?.schema;
        if (!schema) {
          request.log.error({ url: route.url, status: reply.statusCode }, "answer with an undeclared status");
          throw new Error(`route ${route.operationId} answered ${reply.statusCode}, which it does not declare`);
        }
        return checkedAnswer(schema, answer, request, route.url);
      },
    });
  }
  return routes;
}

/** Parsed GET inputs kept per route; beyond, all are dropped (a crawler of many URLs costs only the parse). */
const PARSED_URLS = 1000;

function boundedMemo<V>(max: number) {
  const values = new Map<string, V>();
  return (key: string, make: () => V): V => {
    let value = values.get(key);
    if (value === undefined) {
      value = make(); // throws on bad input: nothing kept
      if (values.size >= max) values.clear();
      values.set(key, value);
    }
    return value;
  };
}

/** `answer` as its schema reads it, or a 500 (logged) when it is outside the schema. */
export function checkedAnswer(schema: z.ZodType, answer: unknown, request: FastifyRequest, url: string): unknown {
  const checked = schema.safeParse(answer);
  if (!checked.success) {
    request.log.error({ url, issues: checked.error.issues.slice(0, 5) }, "answer outside its schema");
    throw new HttpError(500, "internal", "Something went wrong on the server.");
  }
  return checked.data;
}

/** Sends JSON bytes already checked by `checkedAnswer` (a cached answer), as Fastify sends JSON. */
export function sendJsonBytes(reply: FastifyReply, bytes: Buffer): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(bytes);
}
