/**
 * The server paused an endpoint whose deliveries kept failing: the warning in the log, and an
 * email to each of the dataset's owners (with a confirmed address) saying how to resume it.
 */
import type { Logger } from "pino";
import type { DatasetId } from "../../shared/ids.ts";
import type { MailQueue } from "../email/mailQueue.ts";
import { renderMail } from "../email/templates.ts";
import { membersWhoCan } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";

export async function endpointSuspended(deps: {
  storage: Storage;
  mails: MailQueue;
  log: Logger;
  pauseAfterFailures: number;
  endpointId: string;
  settingsLink: (datasetId: DatasetId) => string;
}): Promise<void> {
  const { storage, mails, log, endpointId } = deps;
  const endpoint = await storage.webhooks.endpoint(endpointId);
  const dataset = endpoint && (await storage.datasets.get(endpoint.datasetId));
  if (!endpoint || !dataset) return;
  log.warn({ endpointId, datasetId: dataset.id, failures: deps.pauseAfterFailures }, "webhook endpoint paused");
  for (const userId of await membersWhoCan(storage, dataset, "changeSettings")) {
    const owner = await storage.users.byId(userId);
    if (!owner?.emailVerified) continue;
    await mails.enqueue(
      owner.email,
      renderMail("webhookPaused", owner.language, {
        name: owner.name,
        dataset: dataset.title,
        url: endpoint.url,
        count: deps.pauseAfterFailures,
        link: deps.settingsLink(dataset.id),
      }),
    );
  }
}
