/**
 * The DCAT-AP catalogue of public datasets (those anonymous visitors may read through the API):
 * `/catalog.jsonld` (JSON-LD), `/catalog.ttl` (Turtle), and `/catalog` choosing by `Accept`
 * (`text/turtle`, else JSON-LD). Hydra pages of `pageSize` datasets (default 100), oldest first so
 * that pages stay put as datasets are added. Read from the registry and the published snapshots'
 * metadata only: no document is opened, nothing is written. Registered inside the /api/v1 plugin,
 * so it has its CORS (`*`), its rate limits, and ignores the session cookie.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { SnapshotColumn } from "../../shared/api/v1.ts";
import type { DatasetMeta } from "../../shared/dataset/index.ts";
import { can } from "../../shared/rights.ts";
import { HttpError } from "../api/errors.ts";
import { cacheControlFor, notModified, quotedEtag } from "../api/v1/httpCaching.ts";
import { ANONYMOUS, accessTo } from "../rights/access.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { type CatalogDataset, catalogGraph } from "./dcat.ts";
import { toJsonLd, toTurtle } from "./rdfGraph.ts";

export const DEFAULT_PAGE_SIZE = 100;

const querySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(DEFAULT_PAGE_SIZE),
});

type Representation = "jsonld" | "turtle";
const contentTypes: Record<Representation, string> = {
  jsonld: "application/ld+json; charset=utf-8",
  turtle: "text/turtle; charset=utf-8",
};

export type CatalogOptions = { storage: Storage; baseUrl: () => string; instanceName: string | null };

export function registerCatalogRoutes(app: FastifyInstance, options: CatalogOptions): void {
  const serve = (path: string, pick: (request: FastifyRequest) => Representation) =>
    app.get(path, async (request, reply) => catalogAnswer(options, request, reply, path, pick(request)));
  serve("/catalog.jsonld", () => "jsonld");
  serve("/catalog.ttl", () => "turtle");
  serve("/catalog", (request) => negotiate(request.headers.accept));
  for (const path of ["/catalog", "/catalog.jsonld", "/catalog.ttl"])
    app.options(path, async (_request, reply) => {
      reply.header("access-control-allow-methods", "GET, HEAD");
      reply.header("access-control-allow-headers", "If-None-Match, Accept");
      reply.header("access-control-max-age", "600");
      return reply.code(204).send();
    });
}

/** Turtle when the client prefers it to JSON-LD (by q-value); JSON-LD otherwise, `*\/*` included. */
export function negotiate(accept: string | undefined): Representation {
  let turtle = 0;
  let jsonld = 0;
  for (const part of (accept ?? "").split(",")) {
    const [type, ...params] = part.trim().toLowerCase().split(";");
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith("q="))
        ?.slice(2) ?? 1,
    );
    const weight = Number.isFinite(q) ? q : 0;
    if (type === "text/turtle" || type === "application/x-turtle") turtle = Math.max(turtle, weight);
    if (type === "application/ld+json" || type === "application/json") jsonld = Math.max(jsonld, weight);
  }
  return turtle > jsonld ? "turtle" : "jsonld";
}

async function catalogAnswer(
  { storage, baseUrl, instanceName }: CatalogOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  representation: Representation,
) {
  const parsed = querySchema.safeParse(request.query);
  if (!parsed.success)
    throw new HttpError(400, "invalid-request", parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  const { page, pageSize } = parsed.data;
  const base = baseUrl();

  const records = await storage.datasets.list();
  const publicRecords: DatasetRecord[] = [];
  for (const record of records)
    if (can(await accessTo(storage, ANONYMOUS, record), "apiRead")) publicRecords.push(record);
  publicRecords.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const lastPage = Math.max(1, Math.ceil(publicRecords.length / pageSize));
  if (page > lastPage)
    throw new HttpError(
      404,
      "not-found",
      `The catalogue has ${lastPage} page${lastPage > 1 ? "s" : ""} of ${pageSize}.`,
    );

  // A group's workspace (an organisation) publishes under its name; a person's own workspace under
  // the instance's, so that no one's name is published to portals without them choosing it.
  const workspaceNames = new Map<string, string | null>();
  const publisherOf = async (workspaceId: string | null) => {
    if (!workspaceId) return null;
    if (!workspaceNames.has(workspaceId)) {
      const workspace = await storage.rights.workspace(workspaceId);
      workspaceNames.set(workspaceId, workspace?.ownerGroupId ? workspace.name : null);
    }
    const name = workspaceNames.get(workspaceId);
    return name ? { id: workspaceId, name } : null;
  };
  const datasets: CatalogDataset[] = [];
  for (const record of publicRecords.slice((page - 1) * pageSize, page * pageSize)) {
    const file = await storage.readModel.file(record.id, "meta", "identity");
    const stored = file
      ? (JSON.parse(Buffer.from(file.body).toString("utf8")) as { meta: DatasetMeta; columns: SnapshotColumn[] })
      : null;
    datasets.push({
      id: record.id,
      title: record.title,
      description: record.description,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      publisher: await publisherOf(record.workspaceId),
      snapshot: file && stored ? { ...stored, version: file.version } : null,
    });
  }

  const pageUrl = (n: number) => {
    const query = new URLSearchParams({ page: String(n) });
    if (pageSize !== DEFAULT_PAGE_SIZE) query.set("pageSize", String(pageSize));
    return `${base}${path}?${query}`;
  };
  const times = (pick: (r: DatasetRecord) => string) => publicRecords.map(pick).sort();
  const graph = catalogGraph({
    baseUrl: base,
    instanceName: instanceName ?? new URL(base).host,
    datasets,
    allIds: publicRecords.map((r) => r.id),
    page,
    pageSize,
    total: publicRecords.length,
    pageUrl,
    modified: times((r) => r.updatedAt).at(-1) ?? null,
    issued: times((r) => r.createdAt)[0] ?? null,
  });
  const body = representation === "turtle" ? await toTurtle(graph) : JSON.stringify(toJsonLd(graph));

  const etag = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  reply.header("etag", quotedEtag(etag));
  reply.header("cache-control", cacheControlFor("public-read"));
  if (path === "/catalog") reply.header("vary", "Accept");
  if (notModified(request, etag)) return reply.code(304).send();
  return reply.type(contentTypes[representation]).send(body);
}
