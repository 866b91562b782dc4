/**
 * Importing files: upload once and see the preview (detected encoding, delimiter, header, sheet
 * and column types, first rows as stored, problems), read it again with other options, then
 * create a dataset from it, or update an existing dataset by a key column (preview, then apply).
 * Nothing is written before the last step, and a file that cannot be read creates nothing.
 */
import rateLimit from "@fastify/rate-limit";
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { type ImportErrorReason, isImportErrorCode } from "../../shared/api/importErrors.ts";
import { type ImportJob, importJobApi, importJobParamsSchema, importJobSchema } from "../../shared/api/importJobs.ts";
import { importApi, type importDatasetSchema, type updateByKeySchema } from "../../shared/api/imports.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import type { DatasetId } from "../../shared/ids.ts";
import { workspaceToCreateIn } from "../datasets/workspaces.ts";
import { analyse } from "../import/analyse.ts";
import { fetchLink } from "../import/fetchLink.ts";
import { ImportError } from "../import/importError.ts";
import type { ImportJobs } from "../import/importJobs.ts";
import { resolveLink } from "../import/linkUrl.ts";
import type { Previewer } from "../import/previewer.ts";
import { MAX_FILE_BYTES } from "../import/readFile.ts";
import { planUpdate } from "../import/updateByKey.ts";
import type { UploadStore } from "../import/uploads.ts";
import type { ImportJobRecord } from "../storage/importJobTypes.ts";
import type { Storage } from "../storage/types.ts";
import { addressLimitKey } from "./addressLimitKey.ts";
import { datasetFor, datasetSummary } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";
import { serve } from "./serve.ts";
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

type ImportDatasetOptions = z.output<typeof importDatasetSchema>;
type UpdateByKeyOptions = z.output<typeof updateByKeySchema>;

type Code = ConstructorParameters<typeof HttpError>[1];
/** The import API's own error codes (listed in docs/API.md). */
const importError = (
  status: number,
  code: "invalid-file" | "upload-expired" | "too-large",
  message: string,
  reason?: ImportErrorReason,
) => new HttpError(status, code as Code, message, {}, reason);

/** The HTTP error of a job that failed, from the code it failed with (and its reason, when it is an ImportError's). */
function jobError(code: string, message: string, reason?: ImportErrorReason): HttpError {
  if (code === "file-too-large" || code === "zip-too-large" || code === "too-large")
    return importError(413, "too-large", message, reason);
  if (code === "forbidden") return new HttpError(403, "forbidden", message, {}, reason);
  if (code === "dataset-changed") return new HttpError(409, "dataset-changed", message, {}, reason);
  if (code === "internal") return new HttpError(500, "internal", message);
  return importError(422, "invalid-file", message, reason);
}

/** Starting a job: too many under way for this person answers 429. */
async function startingJob(start: () => Promise<ImportJobRecord>): Promise<ImportJobRecord> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof ImportError && error.code === "too-many-jobs")
      throw new HttpError(429, "too-many-requests", error.message, {}, error.reason);
    if (error instanceof ImportError) throw jobError(error.code, error.message, error.reason);
    throw error;
  }
}

/** A job as its owner sees it (checked against its schema, as every answer of the API is). */
const publicJob = ({ ownerId: _, ...job }: ImportJobRecord): ImportJob => importJobSchema.parse(job);

/** A file that cannot be imported: 413 `too-large` when too large, else 422 `invalid-file`, with the reason in words. */
export async function readingFile<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    if (error.code === "file-too-large" || error.code === "zip-too-large")
      throw importError(413, "too-large", error.message, error.reason);
    throw importError(422, "invalid-file", error.message, error.reason);
  }
}

export type ImportOptions = {
  /** Tests only (IMPORT_ALLOW_LOCAL_ADDRESSES): links may reach loopback and private addresses. */
  allowLocalAddresses?: boolean;
  /** The import jobs (worker threads) that create and update datasets. */
  jobs: ImportJobs;
  /** Reads files for their preview (large ones in a worker thread). */
  previews: Previewer;
  /** Links a person may have fetched per hour, and as many per client address (IMPORT_LINKS_PER_HOUR). */
  linksPerHour?: number;
};

export const DEFAULT_LINKS_PER_HOUR = 30;
const HOUR = 3_600_000;

export function importRoutes(storage: Storage, hocuspocus: Hocuspocus, uploads: UploadStore, options: ImportOptions) {
  const { jobs, previews } = options;
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
        keyGenerator: addressLimitKey("link-address"),
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

    serve(
      app,
      importApi.upload,
      async ({ query: { fileName, locale } }, request) => {
        const { user } = requireSession(request);
        if (!Buffer.isBuffer(request.body))
          throw new HttpError(415, "unsupported-media-type", "Send the file's bytes as application/octet-stream.");
        const bytes = new Uint8Array(request.body);
        const preview = await readingFile(() => previews.preview(bytes, fileName, { locale }));
        const upload = uploads.put(user.id, fileName, bytes);
        return { ...preview, uploadId: upload.id };
      },
      { bodyLimit: MAX_FILE_BYTES },
    );

    serve(app, importApi.fromLink, async ({ body: { url, locale } }, request, reply) => {
      const { user } = requireSession(request);
      await spendLinkBudget(request, reply);
      const { bytes, fileName } = await readingFile(async () => {
        const link = resolveLink(url, { allowHttp: allowLocal });
        const fetched = await fetchLink(link.url, { allowLocal });
        return { bytes: fetched.bytes, fileName: link.fileName };
      });
      const preview = await readingFile(() => previews.preview(bytes, fileName, { locale }));
      const upload = uploads.put(user.id, fileName, bytes);
      return { ...preview, uploadId: upload.id };
    });

    serve(app, importApi.preview, async ({ params, body: options }, request) => {
      const upload = uploadOf(request, params.uploadId);
      const preview = await readingFile(() => previews.preview(upload.bytes, upload.fileName, options));
      return { ...preview, uploadId: upload.id };
    });

    /** Starts a job making a new dataset of an upload (rights checked now, and again before writing). */
    const startCreate = async (request: FastifyRequest, uploadId: string, body: ImportDatasetOptions) => {
      const { user } = requireSession(request);
      const upload = uploadOf(request, uploadId);
      const workspace = await workspaceToCreateIn(storage, user, body.workspaceId);
      if (!workspace) throw new HttpError(403, "forbidden", "You may not create datasets in this workspace.");
      const { title, description, source, licence, workspaceId: _, columns, ...options } = body;
      return startingJob(() =>
        jobs.create(
          { user, principal: request.principal },
          {
            bytes: upload.bytes,
            fileName: upload.fileName,
            options,
            meta: { title, description: description ?? "", source: source ?? upload.fileName, licence: licence ?? "" },
            ...(columns ? { columns } : {}),
          },
          workspace.id,
          () => uploads.delete(upload.id),
        ),
      );
    };

    /** Starts a job updating a dataset by key from an upload (needs editor, now and before writing). */
    const startUpdate = async (request: FastifyRequest, datasetId: string, body: UpdateByKeyOptions) => {
      const { user } = requireSession(request);
      const { dataset } = await datasetFor(storage, request, datasetId, "editCells");
      const upload = uploadOf(request, body.uploadId);
      const { uploadId: _, keyColumnId, mapping, deleteMissing, ...options } = body;
      return startingJob(() =>
        jobs.update(
          { user, principal: request.principal },
          dataset.id,
          {
            bytes: upload.bytes,
            fileName: upload.fileName,
            options,
            request: { keyColumnId, deleteMissing, ...(mapping ? { mapping } : {}) },
          },
          () => uploads.delete(upload.id),
        ),
      );
    };

    /** Waits for a job: its end as an answer, or its failure as the error of a synchronous import. */
    const whenEnded = async (job: ImportJobRecord) => {
      const end = await jobs.ended(job.id);
      if (end.job.state === "done") return end;
      const reason = isImportErrorCode(end.code) ? { code: end.code, params: end.params ?? {} } : undefined;
      throw jobError(end.code ?? "invalid-file", end.job.error ?? "The import was cancelled.", reason);
    };

    // The synchronous routes: the job runs in its worker while the request waits for its end.
    serve(app, importApi.create, async ({ params, body }, request) => {
      const { job } = await whenEnded(await startCreate(request, params.uploadId, body));
      const record = job.datasetId ? await storage.datasets.get(job.datasetId as DatasetId) : null;
      if (!record) throw notFound("dataset");
      request.log.info({ datasetId: record.id, format: job.fileName }, "dataset imported");
      return datasetSummary(record, { role: "owner", viaOpenness: false });
    });

    // The same as jobs, answered at once (202) for the page to follow.
    serve(app, importApi.startCreate, async ({ params, body }, request) =>
      publicJob(await startCreate(request, params.uploadId, body)),
    );

    serve(app, importApi.startUpdate, async ({ params, body }, request) =>
      publicJob(await startUpdate(request, params.id, body)),
    );

    const ownJob = (request: FastifyRequest) => {
      const { user } = requireSession(request);
      const { jobId } = importJobParamsSchema.parse(request.params);
      return { user, jobId };
    };

    serve(app, importJobApi.underway, async (_, request) => {
      const { user } = requireSession(request);
      return { jobs: jobs.underway(user.id).map(publicJob) };
    });

    serve(app, importJobApi.get, async (_, request) => {
      const { user, jobId } = ownJob(request);
      const job = await jobs.get(jobId, user.id);
      if (!job) throw notFound("import job");
      return publicJob(job);
    });

    serve(app, importJobApi.cancel, async (_, request) => {
      const { user, jobId } = ownJob(request);
      const job = await jobs.cancel(jobId, user.id);
      if (!job) throw notFound("import job");
      return publicJob(job);
    });

    const previewUpdate = async (request: FastifyRequest, datasetId: string, body: UpdateByKeyOptions) => {
      const { dataset } = await datasetFor(storage, request, datasetId, "editCells");
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
          return plan.preview;
        } finally {
          view.destroy();
        }
      } finally {
        await connection.disconnect();
      }
    };

    serve(app, importApi.updatePreview, ({ params, body }, request) => previewUpdate(request, params.id, body));

    serve(app, importApi.update, async ({ params, body }, request) => {
      const { preview } = await whenEnded(await startUpdate(request, params.id, body));
      if (!preview) throw new HttpError(500, "internal", "The update ended without its summary.");
      return { ...preview, applied: true as const };
    });
  };
}
