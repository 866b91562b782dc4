/**
 * The one client of the app's HTTP API: `callApi(route, input)` with a route described in shared/api
 * (shared/api/route.ts). The path parameters, body and query it takes and the answer it resolves
 * with are inferred from the route's schemas, so a page that reads a field the answer does not have
 * fails the typecheck. Requests go as JSON with the session cookie (same origin; the server's CSRF
 * check reads the browser's own Sec-Fetch-Site and Origin headers, so no token is added here).
 *
 * An error answer rejects with an ApiError carrying one of the shared codes
 * (shared/api/errorCodes.ts, and the proposals' own), which the pages translate (useErrorText in
 * session/ui.tsx); an answer that never came (offline, server down) rejects with fetch's TypeError,
 * which pages tell apart as "not reachable".
 */
import { type ErrorCode, isErrorCode } from "../shared/api/errorCodes.ts";
import { type ImportErrorReason, importErrorReasonSchema, isImportErrorCode } from "../shared/api/importErrors.ts";
import { type ProposalErrorCode, proposalErrorCodes } from "../shared/api/proposals.ts";
import {
  type Answer,
  type BodyIn,
  type PathParams,
  pathOf,
  type QueryIn,
  type RouteDescription,
} from "../shared/api/route.ts";

export type ApiErrorCode = ErrorCode | ProposalErrorCode;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  /** Why a file or link cannot be imported, for the page to say in the reader's language. */
  readonly reason: ImportErrorReason | undefined;
  constructor(status: number, code: ApiErrorCode, message: string, reason?: ImportErrorReason) {
    super(message);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }
}

type ParamsInput<R extends RouteDescription> = keyof PathParams<R> extends never
  ? { params?: undefined }
  : { params: { [Name in keyof PathParams<R>]: string | number } };
type BodyInput<R extends RouteDescription> = R["body"] extends object ? { body: BodyIn<R> } : { body?: undefined };
type QueryInput<R extends RouteDescription> = R["query"] extends object
  ? { query?: QueryIn<R> }
  : { query?: undefined };

/** What a call of route R takes; `headers` carry the proposals' capabilities (`proposal-token`…). */
export type CallInput<R extends RouteDescription> = ParamsInput<R> &
  BodyInput<R> &
  QueryInput<R> & { headers?: Record<string, string> };
// biome-ignore lint/complexity/noBannedTypes: `{}` is "nothing required" here
type CallArgs<R extends RouteDescription> = {} extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

export async function callApi<R extends RouteDescription>(route: R, ...[input]: CallArgs<R>): Promise<Answer<R>> {
  const call = (input ?? {}) as CallInput<RouteDescription> & { params?: Record<string, string | number> };
  const response = await fetch(urlOf(route, call.params, call.query), {
    method: route.method,
    headers: {
      accept: "application/json",
      ...(route.body ? { "content-type": "application/json" } : {}),
      ...call.headers,
    },
    body: route.body ? JSON.stringify(call.body) : undefined,
    credentials: "same-origin",
  });
  const text = await response.text();
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, text);
  if (!route.answer) return null as Answer<R>;
  return checkedAnswer(route, JSON.parse(text), response.status);
}

export function urlOf(route: RouteDescription, params?: Record<string, string | number>, query?: object): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value));
  return `${pathOf(route, params)}${search.size > 0 ? `?${search}` : ""}`;
}

/**
 * The server checks every answer against the route's schema before sending it (server/api/serve.ts);
 * the client checks again because it may be older than the server: a page kept open, or the app
 * shell the service worker cached, across an upgrade. A changed answer then fails here, as one
 * clear error, instead of somewhere in a component. Parsing a few objects costs microseconds; the
 * routes marked `large` (a file's first rows, every change of a proposal) are not checked again.
 */
function checkedAnswer<R extends RouteDescription>(route: R, answer: unknown, status: number): Answer<R> {
  if (route.large || !route.answer) return answer as Answer<R>;
  const checked = route.answer.safeParse(answer);
  if (checked.success) return checked.data as Answer<R>;
  const where = checked.error.issues[0]?.path.join(".") || "answer";
  throw new ApiError(
    status,
    "internal",
    `The server's answer to ${route.path} is not what this page expects (${where}): reload the page.`,
  );
}

const proposalCodes = new Set<string>(Object.keys(proposalErrorCodes));

/** An error answer as an ApiError: its own code when it gives a known one, else one for its status. */
export function apiErrorOf(status: number, statusText: string, text: string): ApiError {
  let body: { error?: unknown; message?: unknown; reason?: unknown } = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // not JSON (a proxy's page): the status says it
  }
  const given = body.error;
  const code: ApiErrorCode =
    isErrorCode(given) || (typeof given === "string" && proposalCodes.has(given))
      ? (given as ApiErrorCode)
      : codeOfStatus(status);
  return new ApiError(
    status,
    code,
    typeof body.message === "string" ? body.message : statusText,
    reasonOf(body.reason),
  );
}

/** The body's import reason when it is one this client knows (an older client may not know a newer code). */
function reasonOf(given: unknown): ImportErrorReason | undefined {
  const parsed = importErrorReasonSchema.safeParse(given);
  if (!parsed.success || !isImportErrorCode(parsed.data.code)) return undefined;
  return { code: parsed.data.code, params: parsed.data.params };
}

function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return "sign-in-required";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 413) return "too-large";
  if (status === 429) return "too-many-requests";
  return status >= 500 ? "internal" : "invalid-request";
}

/** The collaboration WebSocket URL of the server this page came from. */
export function collabUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}
