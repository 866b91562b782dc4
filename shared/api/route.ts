/**
 * A route of the app's own HTTP API (/api, docs/API.md), described once: its method, its path
 * (`:name` marks a parameter), the zod schemas of its body, query and answer, and its success
 * status. The server registers its handler from the description (server/api/serve.ts: the request
 * parsed with the schemas, the answer checked against its schema before it leaves); the browser
 * calls it through the one typed client (client/api.ts), whose argument and answer types are
 * inferred from the same schemas. The public API (/api/v1) is declared the same way with its
 * OpenAPI details (server/api/v1/apiRoute.ts).
 */
import type { z } from "zod";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RouteDescription = {
  method: Method;
  path: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The JSON answer's schema; null: the route answers without a body (204). */
  answer: z.ZodType | null;
  /** The success status: 200 by default, 204 without an answer. */
  status?: number;
  /** The answer can be large (rows of a file, every change of a proposal): the client does not check it again. */
  large?: boolean;
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
