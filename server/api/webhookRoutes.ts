/**
 * A dataset's webhooks, for its owners (the settings page): endpoints, a test event, and each
 * endpoint's delivery log. Session-cookie routes like the other settings: no CORS.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import {
  createWebhookSchema,
  MAX_WEBHOOKS_PER_DATASET,
  updateWebhookSchema,
  webhookCreatedSchema,
  webhookDeliveriesSchema,
  webhookEndpointSchema,
  webhookListSchema,
  webhookTestSentSchema,
} from "../../shared/api/webhooks.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import type { DeliveryRecord, WebhookEndpointRecord } from "../storage/webhookTypes.ts";
import type { Webhooks } from "../webhooks/webhooks.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";

const endpointView = (e: WebhookEndpointRecord) =>
  webhookEndpointSchema.parse({
    id: e.id,
    datasetId: e.datasetId,
    url: e.url,
    events: e.events.filter((event) => event !== "webhook.test"),
    enabled: e.enabled,
    createdAt: e.createdAt,
  });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const deliveryView = (d: DeliveryRecord) => ({
  id: d.id,
  messageId: d.messageId,
  event: d.event,
  createdAt: new Date(d.createdAt).toISOString(),
  status: d.status,
  attempts: d.attempts,
  lastAttemptAt: iso(d.lastAttemptAt),
  nextAttemptAt: iso(d.nextAttemptAt),
  statusCode: d.statusCode,
  error: d.error,
  errorCode: d.errorCode,
});

export function webhookRoutes(storage: Storage, webhooks: Webhooks) {
  return async (app: FastifyInstance) => {
    type Params = { id: string; webhookId: string };
    const owned = async (request: Parameters<typeof datasetFor>[1], id: string) =>
      (await datasetFor(storage, request, id, "changeSettings")).dataset;
    const endpointOf = async (dataset: DatasetRecord, webhookId: string) => {
      const endpoint = await storage.webhooks.endpoint(webhookId);
      if (!endpoint || endpoint.datasetId !== dataset.id) throw notFound("webhook");
      return endpoint;
    };

    app.get<{ Params: { id: string } }>("/api/datasets/:id/webhooks", async (request) => {
      const dataset = await owned(request, request.params.id);
      const endpoints = await storage.webhooks.endpoints(dataset.id);
      return webhookListSchema.parse({ endpoints: endpoints.map(endpointView) });
    });

    app.post<{ Params: { id: string } }>("/api/datasets/:id/webhooks", async (request, reply) => {
      const dataset = await owned(request, request.params.id);
      const body = createWebhookSchema.parse(request.body);
      if ((await storage.webhooks.endpoints(dataset.id)).length >= MAX_WEBHOOKS_PER_DATASET)
        throw new HttpError(409, "too-many-webhooks", `A dataset has at most ${MAX_WEBHOOKS_PER_DATASET} webhooks.`);
      const url = await webhooks.checkUrl(body.url);
      const secret = webhooks.newSecret();
      const record: WebhookEndpointRecord = {
        id: randomUUID(),
        datasetId: dataset.id,
        url: url.href,
        events: [...new Set(body.events)],
        sealedSecret: webhooks.seal(secret),
        enabled: true,
        createdAt: new Date().toISOString(),
      };
      await storage.webhooks.createEndpoint(record);
      return reply.status(201).send(webhookCreatedSchema.parse({ endpoint: endpointView(record), secret }));
    });

    app.patch<{ Params: Params }>("/api/datasets/:id/webhooks/:webhookId", async (request) => {
      const dataset = await owned(request, request.params.id);
      const endpoint = await endpointOf(dataset, request.params.webhookId);
      const patch = updateWebhookSchema.parse(request.body);
      await storage.webhooks.updateEndpoint(endpoint.id, patch);
      return endpointView((await storage.webhooks.endpoint(endpoint.id)) ?? endpoint);
    });

    app.delete<{ Params: Params }>("/api/datasets/:id/webhooks/:webhookId", async (request, reply) => {
      const dataset = await owned(request, request.params.id);
      const endpoint = await endpointOf(dataset, request.params.webhookId);
      await storage.webhooks.deleteEndpoint(endpoint.id);
      return reply.status(204).send();
    });

    app.post<{ Params: Params }>("/api/datasets/:id/webhooks/:webhookId/secret", async (request) => {
      const dataset = await owned(request, request.params.id);
      const endpoint = await endpointOf(dataset, request.params.webhookId);
      const secret = webhooks.newSecret();
      await storage.webhooks.setSecret(endpoint.id, webhooks.seal(secret));
      return webhookCreatedSchema.parse({ endpoint: endpointView(endpoint), secret });
    });

    app.post<{ Params: Params }>("/api/datasets/:id/webhooks/:webhookId/test", async (request, reply) => {
      const dataset = await owned(request, request.params.id);
      const endpoint = await endpointOf(dataset, request.params.webhookId);
      const [delivery] = await webhooks.sendTest(dataset, endpoint);
      return reply
        .status(202)
        .send(webhookTestSentSchema.parse({ delivery: deliveryView(delivery as DeliveryRecord) }));
    });

    app.get<{ Params: Params }>("/api/datasets/:id/webhooks/:webhookId/deliveries", async (request) => {
      const dataset = await owned(request, request.params.id);
      const endpoint = await endpointOf(dataset, request.params.webhookId);
      const deliveries = await storage.webhooks.deliveries(endpoint.id, 50);
      return webhookDeliveriesSchema.parse({ deliveries: deliveries.map(deliveryView) });
    });
  };
}
