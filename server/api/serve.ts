/**
 * Registers the handler of a route described in shared/api (shared/api/route.ts): the body and
 * query parsed with the description's schemas (a ZodError answers 400 `invalid-request`), the
 * success status set, and the answer checked against its schema before it leaves (an answer outside
 * it is a bug: logged, answered 500). The browser's client (client/api.ts) is typed from the same
 * description, so the two cannot drift apart unnoticed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { AnswerIn, BodyOut, PathParams, QueryOut, RouteDescription } from "../../shared/api/route.ts";
import { checkedAnswer } from "./v1/apiRoute.ts";

export type RouteInput<R extends RouteDescription> = { params: PathParams<R>; body: BodyOut<R>; query: QueryOut<R> };

export function serve<R extends RouteDescription>(
  app: FastifyInstance,
  route: R,
  handler: (input: RouteInput<R>, request: FastifyRequest, reply: FastifyReply) => Promise<AnswerIn<R>>,
  options: RouteShorthandOptions = {},
): void {
  app.route({
    ...options,
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      reply.status(route.status ?? (route.answer ? 200 : 204));
      const input = {
        params: request.params as PathParams<R>,
        body: (route.body ? route.body.parse(request.body ?? {}) : undefined) as BodyOut<R>,
        query: (route.query ? route.query.parse(request.query) : {}) as QueryOut<R>,
      };
      const answer = await handler(input, request, reply);
      if (reply.sent) return reply;
      if (!route.answer) return reply.send();
      return checkedAnswer(route.answer, answer, request, route.path);
    },
  });
}
