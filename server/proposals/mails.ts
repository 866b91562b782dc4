/**
 * The email loop of proposals (docs/PROPOSALS.md P22, P26): a new proposal to the dataset's moderators
 * (at once, in their daily digest, or not by email, as each chose),
 * "received" and then the decision to a contributor who left an address, in their language, with
 * the moderators' message and thanks. Everything goes through the durable queue (mailQueue.ts), so
 * a slow or dead SMTP server never slows or fails the click that caused it.
 */

import { type Clock, systemClock } from "../clock.ts";
import type { MailQueue } from "../email/mailQueue.ts";
import { renderMail, someone } from "../email/templates.ts";
import { membersWhoCan } from "../rights/access.ts";
import type { ProposalRecord, ProposalStatus } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";

const DECISION_MAILS: Partial<
  Record<ProposalStatus, "proposalAccepted" | "proposalPartlyAccepted" | "proposalRejected">
> = {
  accepted: "proposalAccepted",
  "partly-accepted": "proposalPartlyAccepted",
  rejected: "proposalRejected",
};

export type ProposalMails = ReturnType<typeof proposalMails>;

export function proposalMails(deps: { storage: Storage; queue: MailQueue; baseUrl: () => string; clock?: Clock }) {
  const { storage, queue, baseUrl, clock = systemClock } = deps;
  const datasetLink = (dataset: DatasetRecord) => `${baseUrl()}/datasets/${dataset.id}`;

  /** Accounts that may moderate the dataset (members, through groups and workspaces too), with a confirmed address. */
  async function moderators(dataset: DatasetRecord) {
    const found = [];
    for (const userId of await membersWhoCan(storage, dataset, "moderate")) {
      const user = await storage.users.byId(userId);
      if (user?.emailVerified) found.push(user);
    }
    return found;
  }

  return {
    /**
     * A proposal was submitted: its moderators are told, at once or in their next digest as each
     * chose (P26), and its contributor thanked.
     */
    async submitted(proposal: ProposalRecord, dataset: DatasetRecord) {
      const base = { dataset: dataset.title, number: proposal.number };
      for (const moderator of await moderators(dataset)) {
        const choices = await storage.proposalMail.choices(moderator.id);
        const choice = choices.datasets.get(dataset.id) ?? choices.default;
        if (choice === "none") continue;
        if (choice === "digest") {
          await storage.proposalMail.addToDigest(moderator.id, proposal.id, clock.now());
          continue;
        }
        await queue.enqueue(
          moderator.email,
          renderMail("newProposal", moderator.language, {
            ...base,
            name: moderator.name,
            by: proposal.nickname ?? someone(moderator.language),
            link: `${datasetLink(dataset)}/proposals/${proposal.number}`,
          }),
        );
      }
      if (proposal.email)
        await queue.enqueue(
          proposal.email,
          renderMail("proposalReceived", proposal.language, { ...base, name: "", link: datasetLink(dataset) }),
        );
    },

    /** Decisions were made: a contributor who left an address hears the outcome once it is final or partial. */
    async decided(before: ProposalRecord, after: ProposalRecord, dataset: DatasetRecord) {
      const kind = DECISION_MAILS[after.status];
      if (!kind || !after.email || before.status === after.status) return;
      await queue.enqueue(
        after.email,
        renderMail(kind, after.language, {
          name: "",
          dataset: dataset.title,
          number: after.number,
          note: after.decisionMessage || undefined,
          link: datasetLink(dataset),
        }),
      );
    },
  };
}
