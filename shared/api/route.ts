/**
 * A route of the server's HTTP API, described once: its method, its path (`:name` marks a
 * parameter), the zod schemas of its path parameters, body, query and answer, and its success
 * status. The server registers its handler from the description (server/api/serve.ts: the request
 * parsed with the schemas, the answer checked against its schema before it leaves); the browser
 * calls it through the one typed client (client/api.ts), whose argument and answer types are
 * inferred from the same schemas. The public API's routes (/api/v1, shared/api/v1Routes.ts) add
 * their OpenAPI details (`openApi`): the document at /api/v1/openapi.json is generated from them.
 */
import type { z } from "zod";
import type { OpenApiOperation } from "./openApiOperation.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RouteDescription = {
  method: Method;
  path: string;
  /** The path parameters' schema; without it each is a string, unchecked. */
  params?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodType;
  /**
   * The JSON answer's schema; null: no JSON answer: none (204), or what the handler sends itself
   * with the route's `status` (a file, a redirect).
   */
  answer: z.ZodType | null;
  /** The success status: 200 by default, 204 without an answer. */
  status?: number;
  /** The answer can be large (rows of a file, every change of a proposal): the client does not check it again. */
  large?: boolean;
  /** For the OpenAPI document: its operation, and every answer the route may give by status. */
  openApi?: OpenApiOperation;
};

/** Declares a route, keeping its literal path and method for the types below. */
export const route = <const R extends RouteDescription>(description: R): R => description;

type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** `/api/datasets/:id/members/:principalType/:principalId` → `{ id; principalType; principalId }`. */
export type PathParams<R extends RouteDescription> = { [Name in ParamNames<R["path"]>]: string };

type Schema<S> = S extends z.ZodType ? S : never;
/** What a caller sends (before defaults) and what the handler receives (parsed). */
export type BodyIn<R extends RouteDescription> = R["body"] extends z.ZodType ? z.input<Schema<R["body"]>> : undefined;
export type BodyOut<R extends RouteDescription> = R["body"] extends z.ZodType ? z.output<Schema<R["body"]>> : undefined;
export type QueryIn<R extends RouteDescription> = R["query"] extends z.ZodType ? z.input<Schema<R["query"]>> : never;
export type QueryOut<R extends RouteDescription> = R["query"] extends z.ZodType
  ? z.output<Schema<R["query"]>>
  : Record<string, never>;
export type ParamsOut<R extends RouteDescription> = R["params"] extends z.ZodType
  ? z.output<Schema<R["params"]>>
  : PathParams<R>;
/** The status a route answers when all goes well. */
export const successStatus = (description: RouteDescription): number =>
  description.status ?? (description.answer ? 200 : 204);
/** What the handler returns (nothing for a route without an answer), and what the caller receives. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler without an answer returns nothing
export type AnswerIn<R extends RouteDescription> = R["answer"] extends z.ZodType ? z.input<Schema<R["answer"]>> : void;
export type Answer<R extends RouteDescription> = R["answer"] extends z.ZodType ? z.output<Schema<R["answer"]>> : null;

/** The route's path with its parameters filled in (each encoded). */
export function pathOf(description: RouteDescription, params: Record<string, string | number> = {}): string {
  return description.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${description.path}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
}
