/** A dataset's webhooks (docs/API.md, Webhooks), typed with the shapes in shared/api/webhooks.ts. */
import type {
  CreateWebhookRequest,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
} from "../../../shared/api/webhooks.ts";
import { post, request } from "../../accountApi.ts";

const base = (datasetId: string) => `/api/datasets/${encodeURIComponent(datasetId)}/webhooks`;
const one = (datasetId: string, id: string) => `${base(datasetId)}/${encodeURIComponent(id)}`;

export const webhookApi = {
  list: (datasetId: string) => request<{ endpoints: WebhookEndpoint[] }>(base(datasetId)).then((r) => r.endpoints),
  create: (datasetId: string, body: CreateWebhookRequest) =>
    post<{ endpoint: WebhookEndpoint; secret: string }>(base(datasetId), body),
  update: (datasetId: string, id: string, patch: { enabled?: boolean; events?: WebhookEventType[] }) =>
    request<WebhookEndpoint>(one(datasetId, id), { method: "PATCH", body: patch }),
  remove: (datasetId: string, id: string) => request(one(datasetId, id), { method: "DELETE" }),
  newSecret: (datasetId: string, id: string) =>
    post<{ endpoint: WebhookEndpoint; secret: string }>(`${one(datasetId, id)}/secret`),
  sendTest: (datasetId: string, id: string) => post<{ delivery: WebhookDelivery }>(`${one(datasetId, id)}/test`),
  deliveries: (datasetId: string, id: string) =>
    request<{ deliveries: WebhookDelivery[] }>(`${one(datasetId, id)}/deliveries`).then((r) => r.deliveries),
};
