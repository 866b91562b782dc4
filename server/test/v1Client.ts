/**
 * Calls /api/v1 of a test server and checks every answer against the schema its route declares
 * (shared/api/v1Routes.ts): an undeclared status, or a JSON body outside the schema, fails the test.
 */
import { expect } from "vitest";
import { answerSchemaOf, declaresStatus } from "../../shared/api/openApiOperation.ts";
import type { RouteDescription } from "../../shared/api/route.ts";
import { v1Api } from "../../shared/api/v1Routes.ts";

const routes: RouteDescription[] = Object.values(v1Api);

function routeOf(method: string, path: string): RouteDescription | undefined {
  return routes.find((route) => {
    if (route.method !== (method === "HEAD" ? "GET" : method)) return false;
    const pattern = new RegExp(`^${route.path.replace(/\./g, "\\.").replace(/:[A-Za-z]+/g, "[^/]+")}$`);
    return pattern.test(path);
  });
}

export type V1Answer = { status: number; headers: Headers; body: unknown; text: string };

export async function v1(
  baseUrl: string,
  path: string,
  {
    token,
    method = "GET",
    body,
    headers = {},
  }: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<V1Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const parsed = type.includes("json") && text ? JSON.parse(text) : undefined;
  const route = routeOf(method, new URL(path, baseUrl).pathname);
  expect(route, `${method} ${path} is a declared route`).toBeDefined();
  const declared = route !== undefined && declaresStatus(route, response.status);
  expect(declared, `${method} ${path} answered ${response.status}, which its route declares`).toBe(true);
  const media = route?.openApi?.responses[response.status]?.media;
  const schema =
    (route && answerSchemaOf(route, response.status)) ?? (media ? Object.values(media)[0]?.schema : undefined);
  if (schema && method !== "HEAD" && response.status !== 304) {
    const checked = schema.safeParse(parsed);
    expect(checked.success, `${method} ${path} ${response.status}: ${JSON.stringify(checked.error?.issues)}`).toBe(
      true,
    );
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
