import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { createDatasetSchema, type DatasetDetails, type DatasetSummary } from "../../shared/api/datasets.ts";
import { readColumns, readMeta } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { isDatasetId } from "../../shared/ids.ts";
import { createDataset } from "../datasets/createDataset.ts";
import type { DatasetRecord, DatasetRegistry } from "../storage/types.ts";
import { notFound } from "./errors.ts";

const summary = (record: DatasetRecord): DatasetSummary => ({
  id: record.id,
  title: record.title,
  description: record.description,
  documentName: datasetDocumentName(record.id, record.epoch),
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export function datasetRoutes(datasets: DatasetRegistry, hocuspocus: Hocuspocus) {
  return async (app: FastifyInstance) => {
    app.get("/api/datasets", async () => ({ datasets: (await datasets.list()).map(summary) }));

    app.post("/api/datasets", async (request, reply) => {
      const body = createDatasetSchema.parse(request.body ?? {});
      const record = await createDataset(datasets, {
        meta: { title: body.title, description: body.description, source: body.source, licence: body.licence },
        columns: body.columns,
      });
      return reply.status(201).send(summary(record));
    });

    app.get<{ Params: { id: string } }>("/api/datasets/:id", async (request): Promise<DatasetDetails> => {
      const { id } = request.params;
      const record = isDatasetId(id) ? await datasets.get(id) : null;
      if (!record) throw notFound("dataset");
      // The live document is the truth (title and columns change as people edit); the registry only lists.
      const connection = await hocuspocus.openDirectConnection(datasetDocumentName(record.id, record.epoch), {});
      try {
        const doc = connection.document;
        if (!doc) throw notFound("dataset");
        const meta = readMeta(doc);
        return { ...summary(record), ...meta, columns: readColumns(doc) };
      } finally {
        await connection.disconnect();
      }
    });
  };
}
