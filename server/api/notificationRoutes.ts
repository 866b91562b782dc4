/**
 * In-app notifications for moderators: the proposals waiting for a decision on the datasets they
 * moderate, newest first, each unread if it was sent after they last looked at that dataset's
 * proposals (opening its queue or a review marks it seen). And how each moderator hears of new
 * proposals by email: at once, in a daily digest, or not at all (P26).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  MAX_NOTIFICATIONS,
  type NotificationItem,
  notificationApi,
  type ProposalMailSettings,
  proposalMailApi,
} from "../../shared/api/notifications.ts";
import { moderatedDatasets } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor } from "./datasetAccess.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

export function notificationRoutes(storage: Storage, { digestHour }: { digestHour: number }) {
  return async (app: FastifyInstance) => {
    serve(app, notificationApi.list, async (_, request) => {
      const { user } = requireSession(request);
      const moderated = await moderatedDatasets(storage, request.principal);
      const seen = await storage.notifications.seenAt(user.id);
      const datasets = new Map<string, (typeof moderated)[number]["dataset"]>(
        moderated.map(({ dataset }) => [dataset.id, dataset]),
      );
      const items: NotificationItem[] = [];
      // One indexed query for every moderated dataset, not one list per dataset.
      for (const proposal of await storage.proposals.waitingOn([...datasets.keys()])) {
        const dataset = datasets.get(proposal.datasetId);
        if (!dataset || !proposal.submittedAt) continue;
        items.push({
          datasetId: dataset.id,
          datasetTitle: dataset.title,
          proposalNumber: proposal.number,
          nickname: proposal.nickname,
          submittedAt: proposal.submittedAt,
          unread: proposal.submittedAt > (seen.get(dataset.id) ?? ""),
        });
      }
      items.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0));
      return { unread: items.filter((i) => i.unread).length, items: items.slice(0, MAX_NOTIFICATIONS) };
    });

    serve(app, notificationApi.seen, async ({ body }, request) => {
      const { user } = requireSession(request);
      const { dataset } = await datasetFor(storage, request, body.datasetId, "moderate");
      await storage.notifications.markSeen(user.id, dataset.id, new Date().toISOString());
    });

    const mailSettings = async (request: FastifyRequest, userId: string): Promise<ProposalMailSettings> => {
      const choices = await storage.proposalMail.choices(userId);
      const moderated = await moderatedDatasets(storage, request.principal);
      return {
        default: choices.default,
        datasets: moderated
          .map(({ dataset }) => ({
            id: dataset.id,
            title: dataset.title,
            choice: choices.datasets.get(dataset.id) ?? null,
          }))
          .sort((a, b) => a.title.localeCompare(b.title)),
        digestHour,
      };
    };

    serve(app, proposalMailApi.get, async (_, request) => {
      const { user } = requireSession(request);
      return mailSettings(request, user.id);
    });

    serve(app, proposalMailApi.set, async ({ body: patch }, request) => {
      const { user } = requireSession(request);
      const datasets = Object.entries(patch.datasets ?? {});
      // Every dataset named must be one the person moderates, before anything is written.
      for (const [id] of datasets) await datasetFor(storage, request, id, "moderate");
      if (patch.default) await storage.proposalMail.setDefault(user.id, patch.default);
      for (const [id, choice] of datasets) await storage.proposalMail.setForDataset(user.id, id, choice);
      return mailSettings(request, user.id);
    });
  };
}
