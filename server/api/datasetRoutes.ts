import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { datasetApi } from "../../shared/api/datasets.ts";
import { formatKeywords, readColumns, readMeta } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { higherRole } from "../../shared/rights.ts";
import type { CollabEvents } from "../collab/collabEvents.ts";
import { createDataset } from "../datasets/createDataset.ts";
import { workspaceRole, workspaceToCreateIn } from "../datasets/workspaces.ts";
import { uploadStore } from "../import/uploads.ts";
import { visibleDatasets } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor, datasetSummary } from "./datasetAccess.ts";
import { HttpError } from "./errors.ts";
import { exportRoutes } from "./exportRoutes.ts";
import { type ImportOptions, importRoutes } from "./importRoutes.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

export function datasetRoutes(
  storage: Storage,
  hocuspocus: Hocuspocus,
  events: CollabEvents,
  importOptions: ImportOptions,
) {
  return async (app: FastifyInstance) => {
    // Imports create datasets (and update them by key): their own plugin, for its file body parser.
    await app.register(importRoutes(storage, hocuspocus, uploadStore(), importOptions));
    await app.register(exportRoutes(storage, hocuspocus));

    serve(app, datasetApi.list, async (_, request) => ({
      datasets: (await visibleDatasets(storage, request.principal)).map(({ dataset, access }) =>
        datasetSummary(dataset, access),
      ),
    }));

    serve(app, datasetApi.create, async ({ body }, request) => {
      const { user } = requireSession(request);
      const workspace = await workspaceToCreateIn(storage, user, body.workspaceId);
      if (!workspace) throw new HttpError(403, "forbidden", "You may not create datasets in this workspace.");
      const record = await createDataset(
        storage,
        {
          meta: {
            title: body.title,
            description: body.description,
            source: body.source,
            licence: body.licence,
            licenceUrl: body.licenceUrl,
            keywords: body.keywords === undefined ? undefined : formatKeywords(body.keywords),
            frequency: body.frequency,
            spatial: body.spatial,
            spatialUri: body.spatialUri,
          },
          columns: body.columns,
        },
        { userId: user.id, workspaceId: workspace.id },
      );
      return datasetSummary(record, { role: "owner", viaOpenness: false });
    });

    serve(app, datasetApi.get, async ({ params }, request) => {
      const { dataset, access } = await datasetFor(storage, request, params.id, "open");
      // The live document is the truth (title and columns change as people edit); the registry only lists.
      const connection = await hocuspocus.openDirectConnection(datasetDocumentName(dataset.id, dataset.epoch), {});
      try {
        const doc = connection.document;
        if (!doc) throw new HttpError(404, "not-found", "dataset not found");
        return { ...datasetSummary(dataset, access), ...readMeta(doc), columns: readColumns(doc) };
      } finally {
        await connection.disconnect();
      }
    });

    serve(app, datasetApi.setOpenness, async ({ params, body: { openness } }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "changeSettings");
      await storage.datasets.setOpenness(dataset.id, openness);
      events.accessChanged(dataset);
      const updated = (await storage.datasets.get(dataset.id)) ?? dataset;
      return datasetSummary(updated, { role: "owner", viaOpenness: false });
    });

    serve(app, datasetApi.move, async ({ params, body: { workspaceId } }, request) => {
      const { user } = requireSession(request);
      const { dataset, access } = await datasetFor(storage, request, params.id, "deleteDataset");
      const target = await storage.rights.workspace(workspaceId);
      const role = target ? await workspaceRole(storage, user.id, target) : null;
      if (!target || higherRole(role, "editor") !== role) {
        throw new HttpError(403, "forbidden", "You may not move datasets into this workspace.");
      }
      await storage.datasets.setWorkspace(dataset.id, target.id);
      events.accessChanged(dataset);
      return datasetSummary({ ...dataset, workspaceId: target.id }, access);
    });

    serve(app, datasetApi.delete, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "deleteDataset");
      // Deleted first so reconnecting clients are refused; again after unloading, because an open
      // document's last compaction writes its snapshot back.
      await storage.datasets.delete(dataset.id);
      await events.unload(dataset);
      await storage.datasets.delete(dataset.id);
    });
  };
}
