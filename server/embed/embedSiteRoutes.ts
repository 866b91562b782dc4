/**
 * A dataset's embed settings: the sites allowed to show /embed/{id} in a frame (CSP
 * frame-ancestors). Read by anyone who may open the dataset (the share panel says where the embed
 * works; the header tells it to anyone anyway), changed by its owners.
 */
import type { FastifyInstance } from "fastify";
import { embedApi } from "../../shared/api/embeds.ts";
import { datasetFor } from "../api/datasetAccess.ts";
import { serve } from "../api/serve.ts";
import type { Storage } from "../storage/types.ts";

export function embedSiteRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    serve(app, embedApi.settings, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "open");
      return { sites: await storage.embedSites.list(dataset.id) };
    });

    serve(app, embedApi.setSites, async ({ params, body }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "changeSettings");
      await storage.embedSites.replace(dataset.id, body.sites);
      return { sites: await storage.embedSites.list(dataset.id) };
    });
  };
}
