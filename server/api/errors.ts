import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import type { ApiError } from "../../shared/api/datasets.ts";
import { type ErrorCode, isErrorCode } from "../../shared/api/errorCodes.ts";

export { type ErrorCode, errorCodes } from "../../shared/api/errorCodes.ts";

/** An error answer; `code` is one of the shared list (shared/api/errorCodes.ts). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const notFound = (what: string) => new HttpError(404, "not-found", `${what} not found`);

/** Every error leaves the API as `{ error, message }` with a fitting status; internals are logged, not sent. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.status).send(body(error.code, error.message));
    if (error instanceof ZodError) {
      const message = error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return reply.status(400).send(body("invalid-request", message));
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      // Plugin-built errors (rate limiting) carry one of our codes in `error`; Fastify's own
      // (FST_ERR_…: bad JSON, body too large, wrong content type) are named by their status.
      const own = (error as { error?: string }).error;
      return reply.status(status).send(body(isErrorCode(own) ? own : codeOfStatus(status), error.message));
    }
    request.log.error({ err: error }, "request failed");
    return reply.status(500).send(body("internal", "Something went wrong on the server."));
  });
}

/** Unknown routes: JSON 404 under /api; with a built client, the app shell for other GET pages (client-side routes). */
export function registerNotFoundHandler(app: FastifyInstance, serveAppShell: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    if (serveAppShell && request.method === "GET" && !request.url.startsWith("/api/"))
      return reply.sendFile("index.html");
    return reply.status(404).send(body("not-found", `no route ${request.method} ${request.url}`));
  });
}

const body = (error: ErrorCode, message: string): ApiError => ({ error, message });

function codeOfStatus(status: number): ErrorCode {
  if (status === 404) return "not-found";
  if (status === 406) return "not-acceptable";
  if (status === 413) return "too-large";
  if (status === 415) return "unsupported-media-type";
  if (status === 429) return "too-many-requests";
  return "invalid-request";
}
