/**
 * The routes a server registers, as Fastify adds them: method, path, and the shared description
 * each was registered from (shared/api/route.ts, through serve.ts or v1/apiRoute.ts), or null for
 * one registered by hand. A test lists them to find a route nobody described
 * (server/api/routeDescriptions.test.ts).
 */
import type { FastifyInstance } from "fastify";
import type { RouteDescription } from "../../shared/api/route.ts";

export type RegisteredRoute = { method: string; path: string; description: RouteDescription | null };

/** Starts recording the routes `app` registers from now on (call it before registering any). */
export function recordRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook("onRoute", (route) => {
    const described = (route.config as { described?: RouteDescription } | undefined)?.described ?? null;
    for (const method of [route.method].flat()) routes.push({ method, path: route.url, description: described });
  });
  return routes;
}

/** Marks a route's options as registered from `description` (what recordRoutes reads back). */
export const describedBy = (description: RouteDescription) => ({ described: description });
