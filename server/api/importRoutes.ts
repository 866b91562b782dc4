/**
 * Importing files: upload once and see the preview (detected encoding, delimiter, header, sheet
 * and column types, first rows as stored, problems), read it again with other options, then
 * create a dataset from it, or update an existing dataset by a key column (preview, then apply).
 * Nothing is written before the last step, and a file that cannot be read creates nothing.
 */
import rateLimit from "@fastify/rate-limit";
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  type ImportPreview,
  importDatasetSchema,
  previewRequestSchema,
  type UpdateByKeyPreview,
  type UpdateByKeyResult,
  updateByKeySchema,
} from "../../shared/api/imports.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { createDataset } from "../datasets/createDataset.ts";
import { workspaceToCreateIn } from "../datasets/workspaces.ts";
import { analyse, previewOf } from "../import/analyse.ts";
import { type ColumnPlan, completeChoices, convertRows } from "../import/convert.ts";
import { fetchLink } from "../import/fetchLink.ts";
import { ImportError } from "../import/importError.ts";
import { resolveLink } from "../import/linkUrl.ts";
import { MAX_FILE_BYTES } from "../import/readFile.ts";
import { applyUpdate, planUpdate } from "../import/updateByKey.ts";
import type { UploadStore } from "../import/uploads.ts";
import { appendRows } from "../import/writeRows.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor, datasetSummary } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";
import { requireSession } from "./session.ts";

/** Bodies sent as the file's bytes (JSON files too: send them as application/octet-stream). */
const FILE_TYPES = [
  "application/octet-stream",
  "text/csv",
  "text/tab-separated-values",
  "text/plain",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/geo+json",
];

const uploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).default("file"),
  locale: previewRequestSchema.shape.locale,
});

type Code = ConstructorParameters<typeof HttpError>[1];
/** The import API's own error codes (listed in docs/API.md). */
const importError = (status: number, code: "invalid-file" | "upload-expired" | "too-large", message: string) =>
  new HttpError(status, code as Code, message);

/** A file that cannot be imported: 413 `too-large` when too large, else 422 `invalid-file`, with the reason in words. */
export async function readingFile<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    if (error.code === "file-too-large" || error.code === "zip-too-large")
      throw importError(413, "too-large", error.message);
    throw importError(422, "invalid-file", error.message);
  }
}

export type ImportOptions = {
  /** Tests only (IMPORT_ALLOW_LOCAL_ADDRESSES): links may reach loopback and private addresses. */
  allowLocalAddresses?: boolean;
  /** Links a person may have fetched per hour, and as many per client address (IMPORT_LINKS_PER_HOUR). */
  linksPerHour?: number;
};

export const DEFAULT_LINKS_PER_HOUR = 30;
const HOUR = 3_600_000;

const linkSchema = z.object({ url: z.string().trim().min(1).max(2000), locale: previewRequestSchema.shape.locale });

export function importRoutes(
  storage: Storage,
  hocuspocus: Hocuspocus,
  uploads: UploadStore,
  options: ImportOptions = {},
) {
  const allowLocal = options.allowLocalAddresses ?? false;
  const uploadOf = (request: FastifyRequest, id: string) => {
    const { user } = requireSession(request);
    const upload = uploads.get(id, user.id);
    if (!upload) throw importError(404, "upload-expired", "The uploaded file has expired: send it again.");
    return upload;
  };

  return async (app: FastifyInstance) => {
    // Each link makes the server fetch someone else's URL (up to 100 MB, 30 s): budgets per account
    // and per client address, so that neither one person nor many accounts behind one address can
    // turn the server into a downloader.
    await app.register(rateLimit, { global: false });
    const linksPerHour = options.linksPerHour ?? DEFAULT_LINKS_PER_HOUR;
    const linkBudgets = [
      app.createRateLimit({
        max: linksPerHour,
        timeWindow: HOUR,
        keyGenerator: (request) => `link-account:${requireSession(request).user.id}`,
      }),
      app.createRateLimit({
        max: linksPerHour,
        timeWindow: HOUR,
        keyGenerator: (request) => `link-address:${request.ip}`,
      }),
    ];
    const spendLinkBudget = async (request: FastifyRequest, reply: FastifyReply) => {
      for (const budget of linkBudgets) {
        const spent = await budget(request);
        if (spent.isAllowed || !spent.isExceeded) continue;
        reply.header("retry-after", String(spent.ttlInSeconds));
        const minutes = Math.ceil(spent.ttlInSeconds / 60);
        throw new HttpError(
          429,
          "too-many-requests",
          `Too many links fetched: ${linksPerHour} per hour. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or upload the file instead.`,
        );
      }
    };

    app.addContentTypeParser(FILE_TYPES, { parseAs: "buffer", bodyLimit: MAX_FILE_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    app.post("/api/imports", { bodyLimit: MAX_FILE_BYTES }, async (request, reply): Promise<ImportPreview> => {
      const { user } = requireSession(request);
      const { fileName, locale } = uploadQuerySchema.parse(request.query);
      if (!Buffer.isBuffer(request.body))
        throw new HttpError(415, "unsupported-media-type", "Send the file's bytes as application/octet-stream.");
      const bytes = new Uint8Array(request.body);
      const analysis = await readingFile(() => analyse(bytes, fileName, { locale }));
      const upload = uploads.put(user.id, fileName, bytes);
      reply.status(201);
      return previewOf(upload.id, fileName, analysis);
    });

    app.post("/api/imports/link", async (request, reply): Promise<ImportPreview> => {
      const { user } = requireSession(request);
      const { url, locale } = linkSchema.parse(request.body ?? {});
      await spendLinkBudget(request, reply);
      const { bytes, fileName } = await readingFile(async () => {
        const link = resolveLink(url, { allowHttp: allowLocal });
        const fetched = await fetchLink(link.url, { allowLocal });
        return { bytes: fetched.bytes, fileName: link.fileName };
      });
      const analysis = await readingFile(() => analyse(bytes, fileName, { locale }));
      const upload = uploads.put(user.id, fileName, bytes);
      reply.status(201);
      return previewOf(upload.id, fileName, analysis);
    });

    app.post<{ Params: { uploadId: string } }>(
      "/api/imports/:uploadId/preview",
      async (request): Promise<ImportPreview> => {
        const upload = uploadOf(request, request.params.uploadId);
        const options = previewRequestSchema.parse(request.body ?? {});
        const analysis = await readingFile(() => analyse(upload.bytes, upload.fileName, options));
        return previewOf(upload.id, upload.fileName, analysis);
      },
    );

    app.post<{ Params: { uploadId: string } }>("/api/imports/:uploadId/dataset", async (request, reply) => {
      const { user } = requireSession(request);
      const upload = uploadOf(request, request.params.uploadId);
      const body = importDatasetSchema.parse(request.body ?? {});
      const workspace = await workspaceToCreateIn(storage, user, body.workspaceId);
      if (!workspace) throw new HttpError(403, "forbidden", "You may not create datasets in this workspace.");
      const record = await readingFile(async () => {
        const analysis = await analyse(upload.bytes, upload.fileName, body);
        const table = analysis.read.table;
        const chosen: ColumnPlan[] = body.columns ?? analysis.plans;
        for (const plan of chosen) {
          if (plan.source >= table.names.length)
            throw new ImportError("bad-column", `The file has no column ${plan.source + 1}.`);
        }
        const plans = completeChoices(table, chosen);
        const { rows } = convertRows(table, plans, { locale: analysis.locale });
        const origin = { source: "local", context: { principal: request.principal, reason: "import" } };
        return createDataset(
          storage,
          {
            meta: {
              title: body.title,
              description: body.description ?? "",
              source: body.source ?? upload.fileName,
              licence: body.licence ?? "",
            },
            columns: plans.map((p) => ({
              name: p.name,
              type: p.type,
              choices: p.choices,
              description: p.description ?? "",
            })),
          },
          { userId: user.id, workspaceId: workspace.id },
          (doc, columnIds) => {
            appendRows(doc, columnIds, rows, null, origin);
          },
        );
      });
      uploads.delete(upload.id);
      request.log.info({ datasetId: record.id, format: upload.fileName }, "dataset imported");
      return reply.status(201).send(datasetSummary(record, { role: "owner", viaOpenness: false }));
    });

    const updateByKey = async (request: FastifyRequest<{ Params: { id: string } }>, apply: boolean) => {
      const { dataset } = await datasetFor(storage, request, request.params.id, "editCells");
      const body = updateByKeySchema.parse(request.body ?? {});
      const upload = uploadOf(request, body.uploadId);
      const analysis = await readingFile(() => analyse(upload.bytes, upload.fileName, body));
      const connection = await hocuspocus.openDirectConnection(datasetDocumentName(dataset.id, dataset.epoch), {});
      try {
        const doc = connection.document;
        if (!doc) throw notFound("dataset");
        const view = new DatasetView(doc);
        try {
          const plan = await readingFile(() =>
            planUpdate(view, analysis.read.table, analysis.plans, body, analysis.locale),
          );
          if (apply) {
            applyUpdate(doc, view, plan, {
              source: "local",
              context: { principal: request.principal, reason: "import" },
            });
            uploads.delete(upload.id);
          }
          return plan.preview;
        } finally {
          view.destroy();
        }
      } finally {
        await connection.disconnect();
      }
    };

    app.post<{ Params: { id: string } }>(
      "/api/datasets/:id/import/preview",
      (request): Promise<UpdateByKeyPreview> => updateByKey(request, false),
    );

    app.post<{ Params: { id: string } }>(
      "/api/datasets/:id/import",
      async (request): Promise<UpdateByKeyResult> => ({ ...(await updateByKey(request, true)), applied: true }),
    );
  };
}
