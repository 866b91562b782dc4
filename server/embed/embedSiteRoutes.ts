/**
 * A dataset's embed settings: the sites allowed to show /embed/{id} in a frame (CSP
 * frame-ancestors). Read by anyone who may open the dataset (the share panel says where the embed
 * works; the header tells it to anyone anyway), changed by its owners.
 */
import type { FastifyInstance } from "fastify";
import { type EmbedSettings, embedSettingsSchema } from "../../shared/api/embeds.ts";
import { datasetFor } from "../api/datasetAccess.ts";
import type { Storage } from "../storage/types.ts";

export function embedSiteRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string } }>("/api/datasets/:id/embed-settings", async (request): Promise<EmbedSettings> => {
      const { dataset } = await datasetFor(storage, request, request.params.id, "open");
      return { sites: await storage.embedSites.list(dataset.id) };
    });

    app.put<{ Params: { id: string } }>("/api/datasets/:id/embed-settings", async (request): Promise<EmbedSettings> => {
      const { dataset } = await datasetFor(storage, request, request.params.id, "changeSettings");
      const { sites } = embedSettingsSchema.parse(request.body);
      await storage.embedSites.replace(dataset.id, sites);
      return { sites: await storage.embedSites.list(dataset.id) };
    });
  };
}
