/** The server's own access to a proposal's document and to its dataset's live document (Hocuspocus direct connections). */
import type { Hocuspocus } from "@hocuspocus/server";
import type * as Y from "yjs";
import { DatasetView } from "../../shared/dataset/index.ts";
import { datasetDocumentName, proposalDocumentName } from "../../shared/documentNames.ts";
import type { DatasetId, ProposalId } from "../../shared/ids.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord } from "../storage/types.ts";

/** Runs `work` on a loaded document; every change it makes reaches connected clients at once. */
export async function withDocument<T>(hocuspocus: Hocuspocus, name: string, work: (doc: Y.Doc) => T | Promise<T>) {
  const connection = await hocuspocus.openDirectConnection(name, {});
  try {
    if (!connection.document) throw new Error(`document ${name} did not load`);
    return await work(connection.document);
  } finally {
    await connection.disconnect();
  }
}

export const proposalDocument = (proposal: Pick<ProposalRecord, "datasetId" | "id">) =>
  proposalDocumentName(proposal.datasetId as DatasetId, proposal.id as ProposalId);

/**
 * One DatasetView per loaded live document, kept up to date by its own listener while Hocuspocus
 * keeps the document: building one costs seconds at 100,000 rows (scripts/bench/proposalReview.ts),
 * so a moderator's queue, review and decisions must not each build their own. It goes with the
 * document when Hocuspocus unloads (destroys) it.
 */
const liveViews = new WeakMap<Y.Doc, DatasetView>();

function liveViewOf(doc: Y.Doc): DatasetView {
  let view = liveViews.get(doc);
  if (!view) {
    const created = new DatasetView(doc);
    liveViews.set(doc, created);
    doc.once("destroy", () => created.destroy());
    view = created;
  }
  return view;
}

/** The dataset's live document (current epoch), read through its DatasetView. */
export async function withLiveView<T>(
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
  work: (live: DatasetView) => T | Promise<T>,
): Promise<T> {
  return withDocument(hocuspocus, datasetDocumentName(dataset.id, dataset.epoch), (liveDoc) =>
    work(liveViewOf(liveDoc)),
  );
}

/** The proposal's document and the dataset's live document, read together. */
export async function withProposalAndLive<T>(
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
  proposal: ProposalRecord,
  work: (proposalDoc: Y.Doc, live: DatasetView) => T | Promise<T>,
): Promise<T> {
  return withDocument(hocuspocus, proposalDocument(proposal), (proposalDoc) =>
    withLiveView(hocuspocus, dataset, (live) => work(proposalDoc, live)),
  );
}

/**
 * Ends the connections on a proposal's document (they reopen read-only once it is no longer
 * pending), after sending them what is still waiting in Hocuspocus's flush window.
 */
export function closeProposalConnections(hocuspocus: Hocuspocus, proposal: Pick<ProposalRecord, "datasetId" | "id">) {
  const name = proposalDocument(proposal);
  hocuspocus.documents.get(name)?.flush();
  hocuspocus.closeConnections(name);
}
