/**
 * A dataset's webhooks, for its owners (the settings page): endpoints, a test event, and each
 * endpoint's delivery log. Session-cookie routes like the other settings: no CORS.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { MAX_WEBHOOKS_PER_DATASET, webhookApi, webhookEndpointSchema } from "../../shared/api/webhooks.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import type { DeliveryRecord, WebhookEndpointRecord } from "../storage/webhookTypes.ts";
import type { Webhooks } from "../webhooks/webhooks.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";
import { serve } from "./serve.ts";

const endpointView = (e: WebhookEndpointRecord) =>
  webhookEndpointSchema.parse({
    id: e.id,
    datasetId: e.datasetId,
    url: e.url,
    events: e.events.filter((event) => event !== "webhook.test"),
    enabled: e.enabled,
    createdAt: e.createdAt,
    suspendedAt: e.suspendedAt,
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
    const owned = async (request: Parameters<typeof datasetFor>[1], id: string) =>
      (await datasetFor(storage, request, id, "changeSettings")).dataset;
    const endpointOf = async (dataset: DatasetRecord, webhookId: string) => {
      const endpoint = await storage.webhooks.endpoint(webhookId);
      if (!endpoint || endpoint.datasetId !== dataset.id) throw notFound("webhook");
      return endpoint;
    };

    serve(app, webhookApi.list, async ({ params }, request) => {
      const dataset = await owned(request, params.id);
      const endpoints = await storage.webhooks.endpoints(dataset.id);
      return { endpoints: endpoints.map(endpointView) };
    });

    serve(app, webhookApi.create, async ({ params, body }, request) => {
      const dataset = await owned(request, params.id);
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
        suspendedAt: null,
      };
      await storage.webhooks.createEndpoint(record);
      return { endpoint: endpointView(record), secret };
    });

    serve(app, webhookApi.update, async ({ params, body }, request) => {
      const dataset = await owned(request, params.id);
      const endpoint = await endpointOf(dataset, params.webhookId);
      await storage.webhooks.updateEndpoint(endpoint.id, body);
      return endpointView((await storage.webhooks.endpoint(endpoint.id)) ?? endpoint);
    });

    serve(app, webhookApi.delete, async ({ params }, request) => {
      const dataset = await owned(request, params.id);
      const endpoint = await endpointOf(dataset, params.webhookId);
      await storage.webhooks.deleteEndpoint(endpoint.id);
    });

    serve(app, webhookApi.newSecret, async ({ params }, request) => {
      const dataset = await owned(request, params.id);
      const endpoint = await endpointOf(dataset, params.webhookId);
      const secret = webhooks.newSecret();
      await storage.webhooks.setSecret(endpoint.id, webhooks.seal(secret));
      return { endpoint: endpointView(endpoint), secret };
    });

    serve(app, webhookApi.sendTest, async ({ params }, request) => {
      const dataset = await owned(request, params.id);
      const endpoint = await endpointOf(dataset, params.webhookId);
      const [delivery] = await webhooks.sendTest(dataset, endpoint);
      return { delivery: deliveryView(delivery as DeliveryRecord) };
    });

    serve(app, webhookApi.deliveries, async ({ params }, request) => {
      const dataset = await owned(request, params.id);
      const endpoint = await endpointOf(dataset, params.webhookId);
      const deliveries = await storage.webhooks.deliveries(endpoint.id, 50);
      return { deliveries: deliveries.map(deliveryView) };
    });
  };
}
