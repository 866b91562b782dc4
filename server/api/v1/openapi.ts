/**
 * The OpenAPI 3.1 document of /api/v1, generated from the routes' shared descriptions
 * (shared/api/v1Routes.ts: their zod schemas and OpenAPI details; z.toJSONSchema,
 * JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Schemas named with `.meta({ id })` become
 * components; request-side ones get an `Input` suffix when they differ (defaults, coercions).
 */
import { z } from "zod";
import { answerSchemaOf } from "../../../shared/api/openApiOperation.ts";
import { webhookPayloadSchemas } from "../../../shared/api/webhooks.ts";
import type { V1Route } from "./apiRoute.ts";

type JsonSchema = Record<string, unknown>;

export function openApiDocument(routes: V1Route[], { serverUrl, version }: { serverUrl: string; version: string }) {
  const components: Record<string, JsonSchema> = {};

  function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    const rename = (id: string) => (io === "input" ? `${id}Input` : id);
    const relink = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(relink);
      if (value && typeof value === "object") {
        const out: JsonSchema = {};
        for (const [key, inner] of Object.entries(value)) {
          if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/$defs/"))
            out.$ref = `#/components/schemas/${rename(inner.slice("#/$defs/".length))}`;
          else out[key] = relink(inner);
        }
        return out;
      }
      return value;
    };
    const { $schema: _, $defs, ...rest } = converted as { $schema?: string; $defs?: Record<string, JsonSchema> };
    for (const [id, def] of Object.entries($defs ?? {})) components[rename(id)] = relink(def) as JsonSchema;
    // A named schema comes back as a reference to its own $defs entry, now a component.
    return relink(rest) as JsonSchema;
  }

  function parameters(route: V1Route) {
    const list: JsonSchema[] = [];
    for (const [where, schema] of [
      ["path", route.params],
      ["query", route.query],
    ] as const) {
      if (!schema) continue;
      const object = schemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, property] of Object.entries(object.properties ?? {})) {
        const { description, ...propertySchema } = property as { description?: string };
        list.push({
          name,
          in: where,
          required: where === "path" || (object.required ?? []).includes(name),
          ...(description ? { description } : {}),
          schema: propertySchema,
          ...(where === "query" && name === "filter" ? { style: "form", explode: true } : {}),
        });
      }
    }
    return list;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    paths[path] ??= {};
    const operation = route.openApi;
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      const content: Record<string, unknown> = {};
      const schema = answerSchemaOf(route, Number(status));
      if (schema) content["application/json"] = { schema: schemaOf(schema, "output") };
      for (const [media, { schema }] of Object.entries(response.media ?? {}))
        content[media] = schema ? { schema: schemaOf(schema, "output") } : {};
      responses[status] = {
        description: response.description,
        ...(response.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: "string" } },
                ]),
              ),
            }
          : {}),
        ...(Object.keys(content).length > 0 ? { content } : {}),
      };
    }
    paths[path][route.method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: operation.tags,
      // A write token edits; without one, a write is only ever a proposal, where the dataset takes them.
      security: operation.security === "write-token" ? [{ bearerToken: [] }, {}] : [{}, { bearerToken: [] }],
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } },
          }
        : {}),
      responses,
    };
  }

  // Events a dataset's owners may receive (docs/API.md, Webhooks): OpenAPI 3.1's `webhooks`.
  const signatureHeaders = [
    ["webhook-id", "The message id, the same on every attempt: use it to drop duplicates."],
    ["webhook-timestamp", "Seconds since the epoch when this attempt was signed."],
    [
      "webhook-signature",
      "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the endpoint's secret (Standard Webhooks 1.0).",
    ],
  ].map(([name, description]) => ({ name, in: "header", required: true, description, schema: { type: "string" } }));
  const webhooks = Object.fromEntries(
    Object.entries(webhookPayloadSchemas).map(([type, schema]) => [
      type,
      {
        post: {
          operationId: `webhook-${type.replace(".", "-")}`,
          summary: type,
          tags: ["webhooks"],
          parameters: signatureHeaders,
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(schema, "output") } } },
          responses: {
            "2XX": { description: "Received. Any other answer, or none within 10 seconds, is retried with backoff." },
          },
        },
      },
    ]),
  );

  return {
    openapi: "3.1.0",
    info: {
      title: "Data Patch API",
      version,
      description:
        "Read published datasets (snapshots, rows with filters, sort and cursor paging) and, with a write token, change their rows. Anonymous callers see public datasets; an API token (`Authorization: Bearer dp_…`, made on the account page) also sees the datasets it may read. Cookies are not used here, and every origin may call it (CORS). Errors are `{ error, message }` with `error` from a fixed list.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "datasets", description: "Datasets the caller may read" },
      { name: "snapshots", description: "Whole datasets as files" },
      { name: "rows", description: "Rows: query, read, write" },
      { name: "webhooks", description: "Signed POSTs to the endpoints a dataset's owners add in its settings" },
    ],
    paths,
    webhooks,
    components: {
      schemas: components,
      securitySchemes: { bearerToken: { type: "http", scheme: "bearer", description: "An API token (dp_…)" } },
    },
  };
}
