/**
 * What the OpenAPI document says of a route beyond its schemas (shared/api/route.ts `openApi`): its
 * name, summary, who may call it, and each answer it may give by status. The success answer's
 * JSON schema is the route's `answer`; the others' are given here (errors, a filed proposal).
 */
import type { z } from "zod";
import { type RouteDescription, successStatus } from "./route.ts";

export type ApiResponse = {
  description: string;
  /** A JSON answer's schema (not for the success status: the route's `answer` is that one). */
  schema?: z.ZodType;
  /** Other media types (snapshot files, sent as stored bytes): described, with a schema if JSON, not checked. */
  media?: Record<string, { schema?: z.ZodType }>;
  headers?: Record<string, string>;
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * Who may call it: anyone (public datasets without a token), or a token with write scope (row
   * writes: anonymous callers too where they may propose, their write becoming a proposal).
   */
  security: "optional-token" | "write-token";
  responses: Record<number, ApiResponse>;
};

/** The JSON schema of the answer `route` gives with `status`: its `answer` for the success status. */
export function answerSchemaOf(route: RouteDescription, status: number): z.ZodType | undefined {
  if (status === successStatus(route)) return route.answer ?? undefined;
  return route.openApi?.responses[status]?.schema;
}

/** Whether `route` may answer `status` (the success status, or one its OpenAPI answers list). */
export const declaresStatus = (route: RouteDescription, status: number): boolean =>
  status === successStatus(route) || route.openApi?.responses[status] !== undefined;
