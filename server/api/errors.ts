import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import type { ApiError } from "../../shared/api/datasets.ts";
import { type ErrorCode, isErrorCode } from "../../shared/api/errorCodes.ts";
import type { ImportErrorReason } from "../../shared/api/importErrors.ts";

export { type ErrorCode, errorCodes } from "../../shared/api/errorCodes.ts";

/** An error answer; `code` is one of the shared list (shared/api/errorCodes.ts). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Headers the answer carries (Retry-After on a 503). */
  readonly headers: Record<string, string>;
  /** Why a file or link cannot be imported, for the client to say in its reader's language. */
  readonly reason: ImportErrorReason | undefined;
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    headers: Record<string, string> = {},
    reason?: ImportErrorReason,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.reason = reason;
  }
}

export const notFound = (what: string) => new HttpError(404, "not-found", `${what} not found`);

/** Every error leaves the API as `{ error, message }` with a fitting status; internals are logged, not sent. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError)
      return reply
        .status(error.status)
        .headers(error.headers)
        .send(body(error.code, error.message, error.reason));
    if (error instanceof ZodError) {
      const message = error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return reply.status(400).send(body("invalid-request", message));
    }
    const framework = frameworkRequestError(error as FastifyError, request.headers["content-type"]);
    if (framework) return reply.status(framework.status).send(body(framework.code, framework.message));
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      // Plugin-built errors (rate limiting) carry one of our codes in `error`; other 4xx are named
      // by their status.
      const own = (error as { error?: string }).error;
      return reply.status(status).send(body(isErrorCode(own) ? own : codeOfStatus(status), error.message));
    }
    request.log.error({ err: error }, "request failed");
    return reply.status(500).send(body("internal", "Something went wrong on the server."));
  });
}

/**
 * Unknown routes: JSON 404 under /api (`/api` itself included); with a built client, the app shell
 * for other GET pages (client-side routes).
 */
export function registerNotFoundHandler(app: FastifyInstance, serveAppShell: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    if (serveAppShell && request.method === "GET" && !isApiPath(request.url)) return reply.sendFile("index.html");
    return reply.status(404).send(body("not-found", `no route ${request.method} ${request.url}`));
  });
}

const body = (error: ErrorCode, message: string, reason?: ImportErrorReason): ApiError =>
  reason ? { error, message, reason } : { error, message };

/** `/api`, `/api?…` and everything under `/api/`, but not `/apiary`. */
export function isApiPath(url: string): boolean {
  const pathname = url.split(/[?#]/, 1)[0] ?? "";
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * Fastify's own errors about a request it could not read (FST_ERR_…), in our words and codes: its
 * messages speak of its internals ("Body is not valid JSON but content-type is set to …").
 */
function frameworkRequestError(
  error: FastifyError,
  contentType: string | undefined,
): { status: number; code: ErrorCode; message: string } | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { status: 400, code: "invalid-request", message: "The request body is not valid JSON." };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return { status: 400, code: "invalid-request", message: "The request body is empty: send a JSON value." };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return {
        status: 400,
        code: "invalid-request",
        message: "The request body's size differs from its Content-Length.",
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, code: "too-large", message: "The request body is too large." };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        code: "unsupported-media-type",
        message: `A body of type ${contentType?.split(";", 1)[0] || "(none)"} is not accepted here (most routes take application/json).`,
      };
    case "FST_ERR_BAD_URL":
      return { status: 400, code: "invalid-request", message: "The address is not a valid URL." };
    default:
      return undefined;
  }
}

function codeOfStatus(status: number): ErrorCode {
  if (status === 404) return "not-found";
  if (status === 406) return "not-acceptable";
  if (status === 413) return "too-large";
  if (status === 415) return "unsupported-media-type";
  if (status === 429) return "too-many-requests";
  return "invalid-request";
}
