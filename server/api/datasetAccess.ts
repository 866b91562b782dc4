import type { FastifyRequest } from "fastify";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { isDatasetId } from "../../shared/ids.ts";
import { type Access, type Action, can } from "../../shared/rights.ts";
import { accessTo } from "../rights/access.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { HttpError, notFound } from "./errors.ts";

/**
 * Loads a dataset the caller may act on. A dataset the caller may not even open answers 404,
 * exactly like one that does not exist: private datasets are invisible.
 */
export async function datasetFor(storage: Storage, request: FastifyRequest, id: string, action: Action) {
  const dataset = isDatasetId(id) ? await storage.datasets.get(id) : null;
  if (!dataset) throw notFound("dataset");
  const access = await accessTo(storage, request.principal, dataset);
  if (!can(access, "open")) throw notFound("dataset");
  if (!can(access, action)) throw new HttpError(403, "forbidden", "Your role on this dataset does not allow this.");
  return { dataset, access };
}

export const datasetSummary = (record: DatasetRecord, access: Access): DatasetSummary => ({
  id: record.id,
  title: record.title,
  description: record.description,
  documentName: datasetDocumentName(record.id, record.epoch),
  openness: record.openness,
  workspaceId: record.workspaceId,
  role: access.role,
  viaOpenness: access.viaOpenness,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});
