/**
 * Registers the handler of a route described in shared/api (shared/api/route.ts): the path
 * parameters, body and query parsed with the description's schemas (a ZodError answers 400 `invalid-request`), the
 * success status set, and the answer checked against its schema before it leaves (an answer outside
 * it is a bug: logged, answered 500). The browser's client (client/api.ts) is typed from the same
 * description, so the two cannot drift apart unnoticed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import {
  type AnswerIn,
  type BodyOut,
  type ParamsOut,
  type QueryOut,
  type RouteDescription,
  successStatus,
} from "../../shared/api/route.ts";
import { describedBy } from "./registeredRoutes.ts";
import { checkedAnswer } from "./v1/apiRoute.ts";

export type RouteInput<R extends RouteDescription> = { params: ParamsOut<R>; body: BodyOut<R>; query: QueryOut<R> };

export function serve<R extends RouteDescription>(
  app: FastifyInstance,
  route: R,
  /** Returns the answer, or the reply once it sent something itself (a file, a stream, a redirect). */
  handler: (input: RouteInput<R>, request: FastifyRequest, reply: FastifyReply) => Promise<AnswerIn<R> | FastifyReply>,
  options: RouteShorthandOptions = {},
): void {
  app.route({
    ...options,
    config: { ...options.config, ...describedBy(route) },
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      reply.status(successStatus(route));
      const input = {
        params: (route.params ? route.params.parse(request.params) : request.params) as ParamsOut<R>,
        body: (route.body ? route.body.parse(request.body ?? {}) : undefined) as BodyOut<R>,
        query: (route.query ? route.query.parse(request.query) : {}) as QueryOut<R>,
      };
      const answer = await handler(input, request, reply);
      if (reply.sent || answer === reply) return reply;
      if (!route.answer) return reply.send();
      return checkedAnswer(route.answer, answer, request, route.path);
    },
  });
}
