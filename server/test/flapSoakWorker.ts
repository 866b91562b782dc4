/**
 * One process of a flapping soak (flapSoak.ts): its own flaky proxy in front of the server and
 * some of the soak's clients behind it, each editing at random through the dataset's typed writers
 * (cells, added rows, deleted and restored rows) until told to settle. Reports every client's
 * state vector and what it still waits for, on request.
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import * as Y from "yjs";
import { DatasetSession, LOCAL_ORIGIN } from "../../client/collab/datasetSession.ts";
import { ProposalSession } from "../../client/proposals/proposalSession.ts";
import { DatasetView, type DatasetWriter, documentWriter, type RowsView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { type FlakyProxy, seededRandom, startFlakyProxy } from "./flakyProxy.ts";
import type { ClientReport, FromSoakWorker, SoakAssignment, ToSoakWorker } from "./flapSoak.ts";

type SoakClient = {
  documentName: string;
  /** The document it keeps in sync with the server. */
  doc: Y.Doc;
  /** What it edits through (the dataset, or a proposal laid over it) and the table it sees. */
  writer: DatasetWriter;
  view: RowsView;
  /** Local changes not yet acknowledged, connection status, and whether it gave up. */
  describe(): Pick<ClientReport, "unsynced" | "status" | "note">;
  destroy(): void;
};

let proxy: FlakyProxy | null = null;
let clients: SoakClient[] = [];
/** Proposal soaks: the dataset the proposals are laid over, read-only, as on the page. */
let live: DatasetSession | null = null;
let editing: NodeJS.Timeout | null = null;
let assignment: SoakAssignment;

const send = (message: FromSoakWorker) => process.send?.(message);

process.on("message", (message: ToSoakWorker) => {
  const handled =
    message.type === "open"
      ? open(message.assignment)
      : message.type === "settle"
        ? Promise.resolve(settle())
        : message.type === "report"
          ? Promise.resolve(send({ type: "report", clients: reports() }))
          : close();
  handled.catch((error: unknown) => send({ type: "failed", message: String((error as Error)?.stack ?? error) }));
});

async function open(config: SoakAssignment): Promise<void> {
  assignment = config;
  process.setMaxListeners(config.clientIndexes.length * 4 + 10);
  const random = seededRandom(config.seed);
  proxy = await startFlakyProxy(config.wsUrl, { random });
  const url = proxy.wsUrl;
  if (config.kind === "proposal") {
    live = await DatasetSession.open({ documentName: config.documentName, url, readOnly: true });
    await whenSynced(live);
  }
  clients = await Promise.all(
    config.clientIndexes.map((index) =>
      config.kind === "session"
        ? openSession(url, config)
        : config.kind === "provider"
          ? openProvider(url, config)
          : openProposal(url, config, index),
    ),
  );
  const start = Date.now();
  // Every client edits `ratePerSecond` times a second on average, at random moments.
  const tick = () => {
    for (const client of clients) if (random() < config.ratePerSecond / 20) randomEdit(client, random);
    editing = Date.now() - start < config.flapMs ? setTimeout(tick, 50) : null;
  };
  tick();
  send({ type: "ready" });
}

async function openSession(url: string, config: SoakAssignment): Promise<SoakClient> {
  // No IndexedDB in Node: the session's document is its only copy, as in a browser without storage.
  const session = await DatasetSession.open({ documentName: config.documentName, url });
  return {
    documentName: config.documentName,
    doc: session.doc,
    writer: session.writer,
    view: session.view,
    describe: () => {
      const state = session.getState();
      return { unsynced: state.unsynced, status: state.status, note: state.refused ?? (state.stuck ? "stuck" : "") };
    },
    destroy: () => session.destroy(),
  };
}

async function openProvider(url: string, config: SoakAssignment): Promise<SoakClient> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ url, name: config.documentName, document: doc });
  let status = "connecting";
  provider.on("status", ({ status: next }: { status: string }) => {
    status = next;
  });
  return {
    documentName: config.documentName,
    doc,
    writer: documentWriter(doc, LOCAL_ORIGIN),
    view: new DatasetView(doc),
    describe: () => ({ unsynced: provider.unsyncedChanges, status, note: provider.synced ? "" : "not synced" }),
    destroy: () => provider.destroy(),
  };
}

/** A contributor on their own proposal: the product's ProposalSession, edits through its writer. */
async function openProposal(url: string, config: SoakAssignment, index: number): Promise<SoakClient> {
  const proposal = config.proposals?.[index];
  if (!proposal || !live) throw new Error(`no proposal for client ${index}`);
  const kept = { datasetId: "", id: "", number: 0, ...proposal };
  const session = await ProposalSession.open(
    { datasetId: "", localCopy: proposal.documentName, proposal: kept },
    live,
    url,
  );
  return {
    documentName: proposal.documentName,
    doc: session.doc,
    writer: session.writer,
    view: session.preview.view,
    describe: () => {
      const state = session.getState();
      return {
        unsynced: state.unsynced,
        status: state.status,
        note: state.closed ? "closed" : state.stuck ? "stuck" : "",
      };
    },
    destroy: () => session.destroy(),
  };
}

function whenSynced(session: DatasetSession): Promise<void> {
  return new Promise((resolve) => {
    if (session.getState().synced) return resolve();
    const off = session.subscribe((state) => {
      if (!state.synced) return;
      off();
      resolve();
    });
  });
}

function randomEdit({ writer, view }: SoakClient, random: () => number): void {
  const rows = view.rowsInOrder();
  const columns = view.columns();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const row = pick(rows);
  const column = pick(columns);
  const roll = random();
  if (roll < 0.12 || !row || !column) {
    const cells = column ? { [column.id]: `new ${Math.floor(random() * 1e6)}` } : {};
    writer.addRows([{ cells }], view.gapAfter(row?.id ?? null));
  } else if (roll < 0.17 && rows.length > 5) {
    writer.deleteRows([row.id]);
  } else if (roll < 0.2) {
    writer.restoreRows([row.id]);
  } else {
    writer.setCells([{ rowId: row.id, columnId: column.id as ColumnId, value: `v${Math.floor(random() * 1e6)}` }]);
  }
}

function settle(): void {
  if (editing) clearTimeout(editing);
  editing = null;
  proxy?.settle();
  send({ type: "settled" });
}

function reports(): ClientReport[] {
  return clients.map((client, i) => ({
    index: assignment.clientIndexes[i] as number,
    documentName: client.documentName,
    stateVector: Y.encodeStateVector(client.doc),
    pending: client.doc.store.pendingStructs !== null || client.doc.store.pendingDs !== null,
    rows: client.view.rowCount,
    ...client.describe(),
  }));
}

async function close(): Promise<void> {
  if (editing) clearTimeout(editing);
  for (const client of clients) client.destroy();
  live?.destroy();
  await proxy?.close();
  send({ type: "closed", stats: proxy?.stats ?? null });
  process.exit(0);
}
