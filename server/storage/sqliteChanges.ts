/** The attribution log in SQLite: one row per change applied to a canonical document. */
import type Database from "better-sqlite3";
import type { DatasetId } from "../../shared/ids.ts";
import type { Actor, ChangeLog, ChangeRecord, StoredChange } from "./types.ts";

type ChangeRow = {
  id: number;
  document: string;
  at: number;
  actor_kind: Actor["kind"];
  actor_id: string;
  proposal_number: number | null;
  moderator_id: string | null;
  cells: string;
  blocks: string;
  structure: number;
};

const split = (keys: string) => (keys === "" ? [] : keys.split(" "));

function actorColumns(actor: Actor): [string, number | null, string | null] {
  switch (actor.kind) {
    case "user":
      return [actor.userId, null, null];
    case "token":
      return [actor.tokenId, null, null];
    case "anonymous":
      return [actor.contributorId, null, null];
    case "proposal":
      return [actor.proposalId, actor.number, actor.moderatorId];
    case "server":
      return [actor.reason, null, null];
  }
}

function actorOf(row: ChangeRow): Actor {
  switch (row.actor_kind) {
    case "user":
      return { kind: "user", userId: row.actor_id };
    case "token":
      return { kind: "token", tokenId: row.actor_id };
    case "anonymous":
      return { kind: "anonymous", contributorId: row.actor_id };
    case "proposal":
      return {
        kind: "proposal",
        proposalId: row.actor_id,
        number: row.proposal_number ?? 0,
        moderatorId: row.moderator_id ?? "",
      };
    case "server":
      return { kind: "server", reason: row.actor_id };
  }
}

export function sqliteChanges(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO document_changes (dataset_id, document, at, actor_kind, actor_id, proposal_number, moderator_id, cells, blocks, structure)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const list = db.prepare<[string, number, number], ChangeRow>(
    "SELECT * FROM document_changes WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ?",
  );
  const deleteOfDataset = db.prepare<[string]>("DELETE FROM document_changes WHERE dataset_id = ?");

  const log: ChangeLog = {
    list: (datasetId: DatasetId, { afterId = 0, limit = 1000 } = {}) =>
      list.all(datasetId, afterId, limit).map(
        (row): StoredChange => ({
          id: row.id,
          documentName: row.document,
          at: new Date(row.at).toISOString(),
          actor: actorOf(row),
          cells: split(row.cells),
          blocks: split(row.blocks),
          structure: row.structure === 1,
        }),
      ),
  };
  return {
    log,
    /** Inside the caller's transaction (the log append). */
    record(datasetId: string, documentName: string, change: ChangeRecord): void {
      const [actorId, number, moderator] = actorColumns(change.actor);
      insert.run(
        datasetId,
        documentName,
        Date.now(),
        change.actor.kind,
        actorId,
        number,
        moderator,
        change.cells.join(" "),
        change.blocks.join(" "),
        change.structure ? 1 : 0,
      );
    },
    deleteOfDataset: (datasetId: string) => deleteOfDataset.run(datasetId),
  };
}
