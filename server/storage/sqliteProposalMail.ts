import type Database from "better-sqlite3";
import type { ProposalMailChoice } from "../../shared/api/notifications.ts";
import type { OutgoingMail } from "./mailQueueTypes.ts";
import type { ProposalMailStore } from "./proposalMailTypes.ts";

export function sqliteProposalMail(db: Database.Database): ProposalMailStore {
  const statements = {
    defaultOf: db.prepare<[string], { choice: ProposalMailChoice }>(
      "SELECT choice FROM proposal_mail_defaults WHERE user_id = ?",
    ),
    perDataset: db.prepare<[string], { dataset_id: string; choice: ProposalMailChoice }>(
      "SELECT dataset_id, choice FROM proposal_mail_choices WHERE user_id = ?",
    ),
    setDefault: db.prepare(
      `INSERT INTO proposal_mail_defaults (user_id, choice) VALUES (?, ?)
       ON CONFLICT (user_id) DO UPDATE SET choice = excluded.choice`,
    ),
    setForDataset: db.prepare(
      `INSERT INTO proposal_mail_choices (user_id, dataset_id, choice) VALUES (?, ?, ?)
       ON CONFLICT (user_id, dataset_id) DO UPDATE SET choice = excluded.choice`,
    ),
    clearForDataset: db.prepare("DELETE FROM proposal_mail_choices WHERE user_id = ? AND dataset_id = ?"),
    add: db.prepare(
      "INSERT INTO proposal_digest_items (user_id, proposal_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    recipients: db.prepare<[number], { user_id: string }>(
      "SELECT DISTINCT user_id FROM proposal_digest_items WHERE added_at <= ? ORDER BY user_id",
    ),
    items: db.prepare<[string, number], { proposal_id: string; added_at: number }>(
      `SELECT proposal_id, added_at FROM proposal_digest_items WHERE user_id = ? AND added_at <= ?
       ORDER BY added_at, proposal_id`,
    ),
    drop: db.prepare("DELETE FROM proposal_digest_items WHERE user_id = ? AND proposal_id = ?"),
    enqueue: db.prepare(
      `INSERT INTO mail_queue (recipient, subject, text, html, next_attempt_at, created_at)
       VALUES (@recipient, @subject, @text, @html, @at, @createdAt)`,
    ),
  };
  const completeDigest = db.transaction(
    (userId: string, proposalIds: string[], mail: OutgoingMail | null, at: number) => {
      if (mail) statements.enqueue.run({ ...mail, at, createdAt: new Date(at).toISOString() });
      for (const id of proposalIds) statements.drop.run(userId, id);
    },
  );
  return {
    choices: (userId) => ({
      default: statements.defaultOf.get(userId)?.choice ?? "immediate",
      datasets: new Map(statements.perDataset.all(userId).map((r) => [r.dataset_id, r.choice])),
    }),
    setDefault: (userId, choice) => {
      statements.setDefault.run(userId, choice);
    },
    setForDataset: (userId, datasetId, choice) => {
      if (choice) statements.setForDataset.run(userId, datasetId, choice);
      else statements.clearForDataset.run(userId, datasetId);
    },
    addToDigest: (userId, proposalId, at) => {
      statements.add.run(userId, proposalId, at);
    },
    digestRecipients: (upTo) => statements.recipients.all(upTo).map((r) => r.user_id),
    digestItems: (userId, upTo) =>
      statements.items.all(userId, upTo).map((r) => ({ proposalId: r.proposal_id, addedAt: r.added_at })),
    completeDigest: (userId, proposalIds, mail, at) => {
      completeDigest(userId, proposalIds, mail, at);
    },
  };
}
