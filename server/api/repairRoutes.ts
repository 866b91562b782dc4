/** Owners: what a dataset's document holds outside the schema, and rebuilding it from its valid content. */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { datasetApi } from "../../shared/api/datasets.ts";
import { DatasetView, MAX_PROBLEMS } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { repairDataset } from "../datasets/repairDataset.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor, datasetSummary } from "./datasetAccess.ts";
import { notFound } from "./errors.ts";
import { serve } from "./serve.ts";

export function repairRoutes(storage: Storage, hocuspocus: Hocuspocus) {
  return async (app: FastifyInstance) => {
    serve(app, datasetApi.problems, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "changeSettings");
      const connection = await hocuspocus.openDirectConnection(datasetDocumentName(dataset.id, dataset.epoch), {});
      try {
        if (!connection.document) throw notFound("dataset");
        const view = new DatasetView(connection.document);
        const problems = view.problems(MAX_PROBLEMS + 1);
        view.destroy();
        return { problems: problems.slice(0, MAX_PROBLEMS), truncated: problems.length > MAX_PROBLEMS };
      } finally {
        await connection.disconnect();
      }
    });

    serve(app, datasetApi.repair, async ({ params }, request) => {
      const { dataset, access } = await datasetFor(storage, request, params.id, "changeSettings");
      const outcome = await repairDataset(storage, hocuspocus, dataset);
      request.log.info(
        { datasetId: dataset.id, epoch: outcome.dataset.epoch, rows: outcome.rows, problems: outcome.problems },
        "dataset repaired",
      );
      return { ...outcome, dataset: datasetSummary(outcome.dataset, access) };
    });
  };
}
