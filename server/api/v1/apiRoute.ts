/**
 * Registers the /api/v1 routes from their shared descriptions (shared/api/v1Routes.ts, made with
 * `route()`): requests parsed with the description's schemas, each JSON answer checked against the
 * schema of the status it is sent with (a status the route does not declare is a bug: a 500). The
 * same descriptions make the OpenAPI document (openapi.ts): a route registered here is described
 * there, and a test fails otherwise (openapi.test.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { answerSchemaOf, declaresStatus, type OpenApiOperation } from "../../../shared/api/openApiOperation.ts";
import {
  type BodyOut,
  type ParamsOut,
  type QueryOut,
  type RouteDescription,
  successStatus,
} from "../../../shared/api/route.ts";
import { HttpError } from "../errors.ts";
import { describedBy } from "../registeredRoutes.ts";

/** A route of the public API: described with its OpenAPI details. */
export type V1Route = RouteDescription & { openApi: OpenApiOperation };

type Input = { params: unknown; query: unknown; body: unknown };
type Handler = (input: Input, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** A described route and its handler (which may answer any status its description declares). */
export type ApiRoute = { route: V1Route; handler: Handler };

/** Pairs a description with its handler, typing the handler's input from the description's schemas. */
export function apiRoute<R extends V1Route>(
  route: R,
  handler: (
    input: { params: ParamsOut<R>; query: QueryOut<R>; body: BodyOut<R> },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>,
): ApiRoute {
  return { route, handler: handler as Handler };
}

/** Registers each route on `app` and returns their descriptions, for the OpenAPI document. */
export function registerApiRoutes(app: FastifyInstance, routes: ApiRoute[]): V1Route[] {
  for (const { route, handler } of routes) {
    const parse = (request: FastifyRequest): Input => ({
      params: route.params ? route.params.parse(request.params) : {},
      query: route.query ? route.query.parse(request.query) : {},
      body: route.body ? route.body.parse(request.body ?? {}) : undefined,
    });
    // A GET's input follows from its URL alone: parsed once per URL (apps and embeds repeat theirs).
    const inputs = route.method === "GET" ? boundedMemo<Input>(PARSED_URLS) : null;
    app.route({
      method: route.method,
      url: route.path,
      config: describedBy(route),
      handler: async (request, reply) => {
        const input = inputs ? inputs(request.url, () => parse(request)) : parse(request);
        reply.status(successStatus(route));
        const answer = await handler(input, request, reply);
        if (reply.sent || answer === reply) return reply;
        const schema = declaresStatus(route, reply.statusCode) ? answerSchemaOf(route, reply.statusCode) : undefined;
        if (!schema) {
          request.log.error({ url: route.path, status: reply.statusCode }, "answer with an undeclared status");
          throw new Error(`route ${route.openApi.operationId} answered ${reply.statusCode}, which it does not declare`);
        }
        return checkedAnswer(schema, answer, request, route.path);
      },
    });
  }
  return routes.map(({ route }) => route);
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
