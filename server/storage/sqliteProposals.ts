import type Database from "better-sqlite3";
import type { ProposalContent } from "../../shared/proposal/schema.ts";
import type {
  ContributorRecord,
  DecisionRecord,
  NewProposal,
  ProposalPatch,
  ProposalRecord,
  ProposalStatus,
  ProposalStore,
} from "./proposalTypes.ts";

type ProposalRow = {
  id: string;
  dataset_id: string;
  number: number;
  epoch: number;
  status: string;
  author_user_id: string | null;
  contributor_id: string | null;
  nickname: string | null;
  language: string;
  email: string | null;
  message: string;
  secret_hash: Buffer;
  decision_message: string;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
};

type BlockRow = {
  dataset_id: string;
  contributor_key: string;
  proposal_id: string | null;
  blocked_by: string;
  blocked_at: string;
};

const toRecord = (row: ProposalRow): ProposalRecord => ({
  id: row.id,
  datasetId: row.dataset_id,
  number: row.number,
  epoch: row.epoch,
  status: row.status as ProposalStatus,
  authorUserId: row.author_user_id,
  contributorId: row.contributor_id,
  nickname: row.nickname,
  language: row.language,
  email: row.email,
  message: row.message,
  secretHash: new Uint8Array(row.secret_hash),
  decisionMessage: row.decision_message,
  createdAt: row.created_at,
  submittedAt: row.submitted_at,
  updatedAt: row.updated_at,
});

const columnOf: Record<keyof ProposalPatch, string> = {
  status: "status",
  nickname: "nickname",
  email: "email",
  message: "message",
  submittedAt: "submitted_at",
  updatedAt: "updated_at",
  decisionMessage: "decision_message",
};

const PENDING_SQL = "status IN ('draft', 'open', 'partly-accepted')";

export function sqliteProposalStore(db: Database.Database): ProposalStore {
  const statements = {
    insert: db.prepare(
      `INSERT INTO proposals (id, dataset_id, number, epoch, status, author_user_id, contributor_id, nickname, language, email,
         message, secret_hash, decision_message, created_at, submitted_at, updated_at)
       VALUES (@id, @datasetId, (SELECT coalesce(max(number), 0) + 1 FROM proposals WHERE dataset_id = @datasetId),
         @epoch, @status, @authorUserId, @contributorId, @nickname, @language, @email, @message, @secretHash, @decisionMessage,
         @createdAt, @submittedAt, @updatedAt)`,
    ),
    get: db.prepare<[string], ProposalRow>("SELECT * FROM proposals WHERE id = ?"),
    byNumber: db.prepare<[string, number], ProposalRow>("SELECT * FROM proposals WHERE dataset_id = ? AND number = ?"),
    list: db.prepare<[string], ProposalRow>("SELECT * FROM proposals WHERE dataset_id = ? ORDER BY number DESC"),
    waitingOn: db.prepare<[string], ProposalRow>(
      `SELECT * FROM proposals WHERE status IN ('open', 'partly-accepted') AND submitted_at IS NOT NULL
         AND dataset_id IN (SELECT value FROM json_each(?))`,
    ),
    pendingOfContributor: db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM proposals WHERE contributor_id = ? AND ${PENDING_SQL}`,
    ),
    pendingOfUser: db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM proposals WHERE author_user_id = ? AND ${PENDING_SQL}`,
    ),
    insertDecision: db.prepare(
      `INSERT INTO proposal_decisions (proposal_id, change_id, decision, proposed, applied, moderator_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    decisions: db.prepare<[string], Record<string, string>>(
      "SELECT * FROM proposal_decisions WHERE proposal_id = ? ORDER BY id",
    ),
    block: db.prepare(
      `INSERT INTO blocked_contributors (dataset_id, contributor_key, proposal_id, blocked_by, blocked_at)
       VALUES (@datasetId, @contributorKey, @proposalId, @blockedBy, @blockedAt) ON CONFLICT DO NOTHING`,
    ),
    blocks: db.prepare<[string], BlockRow>(
      "SELECT * FROM blocked_contributors WHERE dataset_id = ? ORDER BY blocked_at DESC, contributor_key",
    ),
    forgetAccountBlocks: db.prepare("DELETE FROM blocked_contributors WHERE contributor_key = 'u:' || ?"),
    unblock: db.prepare("DELETE FROM blocked_contributors WHERE dataset_id = ? AND contributor_key = ?"),
    setAddress: db.prepare(
      `INSERT INTO proposal_addresses (proposal_id, address_hash) VALUES (?, ?)
       ON CONFLICT (proposal_id) DO UPDATE SET address_hash = excluded.address_hash`,
    ),
    addressOf: db.prepare<[string], { address_hash: string }>(
      "SELECT address_hash FROM proposal_addresses WHERE proposal_id = ?",
    ),
    isBlocked: db.prepare<[string, string], { found: number }>(
      "SELECT EXISTS (SELECT 1 FROM blocked_contributors WHERE dataset_id = ? AND contributor_key = ?) AS found",
    ),
    addComment: db.prepare(
      `INSERT INTO proposal_comments (proposal_id, author_role, author_user_id, author_name, text, created_at)
       VALUES (@proposalId, @authorRole, @authorUserId, @authorName, @text, @createdAt)`,
    ),
    comments: db.prepare<[string], Record<string, unknown>>(
      "SELECT * FROM proposal_comments WHERE proposal_id = ? ORDER BY id",
    ),
    forgetCommentAuthor: db.prepare(
      "UPDATE proposal_comments SET author_user_id = NULL, author_name = NULL WHERE author_user_id = ?",
    ),
    forgetAuthor: db.prepare(
      "UPDATE proposals SET author_user_id = NULL, nickname = NULL, email = NULL WHERE author_user_id = ?",
    ),
    setContent: db.prepare(
      // A proposal deleted meanwhile (its dataset was) is not remembered.
      `INSERT INTO proposal_contents (proposal_id, content) SELECT id, ? FROM proposals WHERE id = ?
       ON CONFLICT (proposal_id) DO UPDATE SET content = excluded.content`,
    ),
    pendingContents: db.prepare<[string], { id: string; content: string }>(
      `SELECT p.id, c.content FROM proposals p JOIN proposal_contents c ON c.proposal_id = p.id
       WHERE p.dataset_id = ? AND p.${PENDING_SQL}`,
    ),
    insertContributor: db.prepare("INSERT INTO contributors (id, secret_hash, created_at) VALUES (?, ?, ?)"),
    contributor: db.prepare<[string], { id: string; secret_hash: Buffer; created_at: string }>(
      "SELECT * FROM contributors WHERE id = ?",
    ),
  };

  const update = (id: string, patch: ProposalPatch) => {
    const keys = (Object.keys(patch) as (keyof ProposalPatch)[]).filter((key) => patch[key] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((key) => `${columnOf[key]} = @${key}`).join(", ");
    db.prepare(`UPDATE proposals SET ${sets} WHERE id = @id`).run({ id, ...patch });
  };
  const create = db.transaction((proposal: NewProposal) => {
    statements.insert.run(proposal);
    return toRecord(statements.get.get(proposal.id) as ProposalRow);
  });
  const decide = db.transaction((id: string, decisions: DecisionRecord[], patch: ProposalPatch) => {
    for (const d of decisions) {
      statements.insertDecision.run(
        d.proposalId,
        d.changeId,
        d.decision,
        JSON.stringify(d.proposed),
        JSON.stringify(d.applied),
        d.moderatorId,
        d.at,
      );
    }
    update(id, patch);
  });

  // A deleted account can no longer propose: nothing is left to block, or to unblock from the list.
  const forgetAuthor = db.transaction((userId: string) => {
    statements.forgetAuthor.run(userId);
    statements.forgetCommentAuthor.run(userId);
    statements.forgetAccountBlocks.run(userId);
  });

  return {
    create: (proposal) => create(proposal),
    block: (block) => {
      statements.block.run(block);
    },
    blocks: (datasetId) =>
      statements.blocks.all(datasetId).map((row) => ({
        datasetId: row.dataset_id,
        contributorKey: row.contributor_key,
        proposalId: row.proposal_id,
        blockedBy: row.blocked_by,
        blockedAt: row.blocked_at,
      })),
    unblock: (datasetId, keys) => {
      for (const key of keys) statements.unblock.run(datasetId, key);
    },
    setAddress: (proposalId, addressHash) => {
      statements.setAddress.run(proposalId, addressHash);
    },
    addressOf: (proposalId) => statements.addressOf.get(proposalId)?.address_hash ?? null,
    isBlocked: (datasetId, key) => (statements.isBlocked.get(datasetId, key) as { found: number }).found === 1,
    addComment: (comment) => ({ id: Number(statements.addComment.run(comment).lastInsertRowid), ...comment }),
    comments: (proposalId) =>
      statements.comments.all(proposalId).map((row) => ({
        id: row.id as number,
        proposalId: row.proposal_id as string,
        authorRole: row.author_role as "moderator" | "contributor",
        authorUserId: (row.author_user_id as string | null) ?? null,
        authorName: (row.author_name as string | null) ?? null,
        text: row.text as string,
        createdAt: row.created_at as string,
      })),
    forgetAuthor: (userId) => forgetAuthor(userId),
    get: (id) => {
      const row = statements.get.get(id);
      return row ? toRecord(row) : null;
    },
    byNumber: (datasetId, number) => {
      const row = statements.byNumber.get(datasetId, number);
      return row ? toRecord(row) : null;
    },
    list: (datasetId) => statements.list.all(datasetId).map(toRecord),
    update,
    waitingOn: (datasetIds) => statements.waitingOn.all(JSON.stringify(datasetIds)).map(toRecord),
    countPending: (by) =>
      ("contributorId" in by
        ? statements.pendingOfContributor.get(by.contributorId)
        : statements.pendingOfUser.get(by.userId)
      )?.n ?? 0,
    decide: (id, decisions, patch) => decide(id, decisions, patch),
    decisions: (id) =>
      statements.decisions.all(id).map((row) => ({
        proposalId: row.proposal_id as string,
        changeId: row.change_id as string,
        decision: row.decision as DecisionRecord["decision"],
        proposed: JSON.parse(row.proposed as string),
        applied: JSON.parse(row.applied as string),
        moderatorId: row.moderator_id as string,
        at: row.at as string,
      })),
    setContent: (proposalId, content) => {
      statements.setContent.run(JSON.stringify(content), proposalId);
    },
    pendingContents: (datasetId) =>
      new Map(
        statements.pendingContents.all(datasetId).map((row) => [row.id, JSON.parse(row.content) as ProposalContent]),
      ),
    createContributor: (c: ContributorRecord) => {
      statements.insertContributor.run(c.id, c.secretHash, c.createdAt);
    },
    contributor: (id) => {
      const row = statements.contributor.get(id);
      return row ? { id: row.id, secretHash: new Uint8Array(row.secret_hash), createdAt: row.created_at } : null;
    },
  };
}
