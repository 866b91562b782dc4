/**
 * Moderators' daily digest of new proposals (docs/PROPOSALS.md P26). A moderator who chose the
 * digest for a dataset gets no email when a proposal is sent there: the proposal joins their digest
 * (stored). Every day at DIGEST_HOUR (the server's time zone), each of them gets one email listing
 * the proposals that joined it before that hour and still wait for a decision, by dataset. Queuing
 * that email and emptying what it covered are one storage transaction, so a digest is never sent
 * twice; a server down at that hour sends it when it starts.
 */
import type { Logger } from "pino";
import type { DatasetId } from "../../shared/ids.ts";
import { can } from "../../shared/rights.ts";
import type { Clock } from "../clock.ts";
import type { MailQueue } from "../email/mailQueue.ts";
import { type DigestSection, renderDigest, someone } from "../email/templates.ts";
import { accessTo } from "../rights/access.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { Storage } from "../storage/types.ts";

const WAITING = new Set(["open", "partly-accepted"]);

/** The last time the clock showed `hour` o'clock (local time) at or before `now`. */
export function lastDigestTime(now: number, hour: number): number {
  const at = new Date(now);
  at.setHours(hour, 0, 0, 0);
  if (at.getTime() > now) at.setDate(at.getDate() - 1);
  return at.getTime();
}

/** The next time the clock shows `hour` o'clock after `now`. */
export function nextDigestTime(now: number, hour: number): number {
  const at = new Date(now);
  at.setHours(hour, 0, 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime();
}

export type DigestDeps = {
  storage: Storage;
  queue: MailQueue;
  /** The changes still waiting in a proposal (read from its document). */
  changesOf: (proposal: ProposalRecord) => Promise<number>;
  baseUrl: () => string;
  hour: number;
  clock: Clock;
  log: Logger;
};

export type Digests = {
  /** Sends the digests due now (those of the last DIGEST_HOUR); resolves with how many were queued. */
  runDue(): Promise<number>;
  stop(): void;
};

/** Sends what is due at once (the server may have been down at the hour), then every day at the hour. */
export async function startDigests(deps: DigestDeps): Promise<Digests> {
  const { clock, hour, log } = deps;
  let running: Promise<number> = Promise.resolve(0);
  let cancel = () => {};
  let stopped = false;

  const runDue = () => {
    running = running.then(() => sendDue(deps, lastDigestTime(clock.now(), hour)).catch(failed));
    return running;
  };
  const failed = (error: unknown) => {
    log.error({ err: error }, "daily digest failed");
    return 0;
  };
  const arm = () => {
    if (stopped) return;
    cancel = clock.setTimeout(() => {
      void runDue().then(arm);
    }, nextDigestTime(clock.now(), hour) - clock.now());
  };

  await runDue();
  arm();
  return {
    runDue,
    stop() {
      stopped = true;
      cancel();
    },
  };
}

async function sendDue(deps: DigestDeps, upTo: number): Promise<number> {
  const { storage, queue } = deps;
  let queued = 0;
  for (const userId of await storage.proposalMail.digestRecipients(upTo)) {
    const items = await storage.proposalMail.digestItems(userId, upTo);
    const user = await storage.users.byId(userId);
    const sections = user ? await sectionsFor(deps, user.id, user.language, items) : [];
    const mail =
      user?.emailVerified && sections.length > 0
        ? {
            recipient: user.email,
            ...renderDigest(user.language, { name: user.name, sections, settingsLink: `${deps.baseUrl()}/account` }),
          }
        : null;
    await storage.proposalMail.completeDigest(
      userId,
      items.map((item) => item.proposalId),
      mail,
      Date.now(), // the mail queue's own time (the system's), whatever clock the digest waits on
    );
    if (mail) queued += 1;
  }
  if (queued > 0) void queue.drained();
  return queued;
}

/** The proposals of the digest still waiting, on datasets the person still moderates, by dataset. */
async function sectionsFor(
  deps: DigestDeps,
  userId: string,
  language: string,
  items: { proposalId: string }[],
): Promise<DigestSection[]> {
  const { storage, changesOf, baseUrl } = deps;
  const sections = new Map<string, DigestSection>();
  const choices = await storage.proposalMail.choices(userId);
  for (const { proposalId } of items) {
    const proposal = await storage.proposals.get(proposalId);
    if (!proposal || !WAITING.has(proposal.status)) continue;
    // Switched to "no email" since: nothing by email (switched to "immediate": still told, once, here).
    if ((choices.datasets.get(proposal.datasetId) ?? choices.default) === "none") continue;
    const dataset = await storage.datasets.get(proposal.datasetId as DatasetId);
    if (!dataset || !can(await accessTo(storage, { kind: "user", userId }, dataset), "moderate")) continue;
    const changes = await changesOf(proposal);
    if (changes === 0) continue;
    let section = sections.get(dataset.id);
    if (!section) {
      section = { dataset: dataset.title, proposals: [] };
      sections.set(dataset.id, section);
    }
    section.proposals.push({
      number: proposal.number,
      by: proposal.nickname ?? someone(language),
      changes,
      link: `${baseUrl()}/datasets/${dataset.id}/proposals/${proposal.number}`,
    });
  }
  for (const section of sections.values()) section.proposals.sort((a, b) => a.number - b.number);
  return [...sections.values()].sort((a, b) => a.dataset.localeCompare(b.dataset));
}
