/**
 * The public API, /api/v1: anonymous callers and API tokens only (session cookies are ignored, so
 * any site may call it: CORS `*`), rate-limited per token and per client address, every route
 * described once (shared/api/v1Routes.ts), registered from that description (apiRoute.ts) and
 * documented from it at /api/v1/openapi.json.
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { ADDRESS_KEY, type LimitCounter, limitStore } from "../../apiReader/apiLimits.ts";
import { registerCatalogRoutes } from "../../catalog/catalogRoutes.ts";
import { ANONYMOUS } from "../../rights/access.ts";
import { apiTokenIdOf } from "../actorOfRequest.ts";
import { registerApiRoutes } from "./apiRoute.ts";
import type { V1LiveContext, V1ReadContext } from "./context.ts";
import { openCors } from "./cors.ts";
import { datasetRoutes } from "./datasetRoutes.ts";
import { openApiDocument } from "./openapi.ts";
import { rowReadRoutes, rowWriteDescriptions, rowWriteRoutes } from "./rowRoutes.ts";
import { snapshotRoutes } from "./snapshotRoutes.ts";

export type V1Options = V1ReadContext & {
  /** The live documents for writes; null in the API reader process, which serves reads only. */
  live: V1LiveContext | null;
  requestsPerMinute: number;
  version: string;
  /** Counts requests for the rate limit (one budget across the server's processes: apiLimits.ts). */
  limitCounts: LimitCounter;
  /** The instance's name in the DCAT catalogue (INSTANCE_NAME). */
  instanceName: string | null;
};

export function v1Routes(options: V1Options) {
  return async (app: FastifyInstance) => {
    openCors(app);
    // No route here reads the session cookie, so a forged cross-site request can do nothing a
    // stranger could not: other sites may write with a token or propose anonymously.
    app.addHook("onRoute", (route) => {
      route.config = { ...route.config, crossSite: true };
    });
    // The cookie never authenticates here: a visitor signed in to the app is anonymous to the API.
    app.addHook("preHandler", (request, _reply, done) => {
      if (request.principal.kind === "user") request.principal = ANONYMOUS;
      done();
    });
    await app.register(rateLimit, {
      max: options.requestsPerMinute,
      timeWindow: 60_000,
      hook: "preHandler", // after the token is checked: a token's own budget, else the address's
      enableDraftSpec: true,
      store: limitStore(options.limitCounts),
      keyGenerator: (request) => {
        const tokenId = request.principal.kind === "token" ? apiTokenIdOf(request) : null;
        // The address goes as it is to the counts, which hash it with their process's salt (apiLimits.ts).
        return tokenId ? `token:${tokenId}` : `${ADDRESS_KEY}${request.ip}`;
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: "too-many-requests",
        message: `Too many requests: ${context.max} per minute. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      }),
    });

    const { live } = options;
    const registered = registerApiRoutes(app, [
      ...datasetRoutes(options),
      ...snapshotRoutes(options),
      ...rowReadRoutes(options),
      ...(live ? rowWriteRoutes({ ...options, ...live }) : []),
    ]);
    const routes = live ? registered : [...registered, ...rowWriteDescriptions];
    // The DCAT catalogue (/catalog…) is anonymous reading too: the same CORS, limits and no cookie.
    registerCatalogRoutes(app, {
      storage: options.storage,
      baseUrl: options.baseUrl,
      instanceName: options.instanceName,
    });
    let document: object | null = null;
    app.get("/api/v1/openapi.json", async () => {
      document ??= openApiDocument(routes, { serverUrl: options.baseUrl(), version: options.version });
      return document;
    });
  };
}
