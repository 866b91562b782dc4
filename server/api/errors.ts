import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import type { ApiError } from "../../shared/api/datasets.ts";

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
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
      // Fastify's own errors carry `code`; plugin-built ones (rate limiting) carry `error`.
      const code = (error as FastifyError).code ?? (error as { error?: string }).error ?? "bad-request";
      return reply.status(status).send(body(code, error.message));
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

const body = (error: string, message: string): ApiError => ({ error, message });
