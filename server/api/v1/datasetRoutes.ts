/** GET /api/v1/datasets and /api/v1/datasets/{id}: what a caller may read, with metadata from the snapshot. */

import type { ApiDataset, SnapshotColumn } from "../../../shared/api/v1.ts";
import { v1Api } from "../../../shared/api/v1Routes.ts";
import {
  type DatasetMeta,
  frequencyUri,
  isUpdateFrequency,
  keywordList,
  licenceOf,
} from "../../../shared/dataset/index.ts";
import type { Access } from "../../../shared/rights.ts";
import { can } from "../../../shared/rights.ts";
import { datasetIri } from "../../catalog/iris.ts";
import { visibleDatasets } from "../../rights/access.ts";
import type { DatasetRecord } from "../../storage/types.ts";
import { type ApiRoute, apiRoute } from "./apiRoute.ts";
import { readableDataset, type V1ReadContext } from "./context.ts";

export function datasetRoutes(context: V1ReadContext): ApiRoute[] {
  const { storage } = context;

  async function describe(record: DatasetRecord, access: Access): Promise<ApiDataset> {
    const version = await storage.readModel.version(record.id);
    const file = version ? await storage.readModel.file(record.id, "meta", "identity") : null;
    const { meta, columns } = file
      ? (JSON.parse(Buffer.from(file.body).toString("utf8")) as { meta: DatasetMeta; columns: SnapshotColumn[] })
      : { meta: null, columns: [] };
    const link = (format: string) => `${context.baseUrl()}/api/v1/datasets/${record.id}/snapshot.${format}`;
    const licence = meta ? licenceOf(meta) : null;
    const frequency = meta && isUpdateFrequency(meta.frequency) ? meta.frequency : null;
    return {
      id: record.id,
      title: meta?.title ?? record.title,
      description: meta?.description ?? record.description,
      source: meta?.source ?? "",
      licence: licence?.title ?? "",
      licenceUrl: licence?.url || null,
      keywords: keywordList(meta?.keywords ?? ""),
      frequency,
      frequencyUri: frequency ? frequencyUri(frequency) : null,
      spatial:
        meta && (meta.spatial || meta.spatialUri)
          ? { label: meta.spatial || meta.spatialUri, uri: meta.spatialUri || null }
          : null,
      catalogId: datasetIri(context.baseUrl(), record.id),
      openness: record.openness,
      role: access.role,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      columns,
      snapshot:
        version && file
          ? {
              version: file.version.etag,
              builtAt: file.version.builtAt,
              rowCount: file.version.rowCount,
              json: link("json"),
              csv: link("csv"),
              geojson: file.version.formats.includes("geojson") ? link("geojson") : null,
            }
          : null,
    };
  }

  return [
    apiRoute(v1Api.listDatasets, async (_input, request) => {
      const visible = (await visibleDatasets(storage, request.principal)).filter(({ access }) =>
        can(access, "apiRead"),
      );
      return { datasets: await Promise.all(visible.map(({ dataset, access }) => describe(dataset, access))) };
    }),
    apiRoute(v1Api.getDataset, async ({ params }, request) => {
      const { dataset, access } = await readableDataset(context, request, params.id);
      return describe(dataset, access);
    }),
  ];
}
