/**
 * A flapping soak: many clients, spread over worker processes (flapSoakWorker.ts), edit one
 * dataset (or each their own proposal on it) at random while each worker's flaky proxy
 * (flakyProxy.ts) delays, stalls, cuts and drops their connections; then the network settles and
 * the soak waits, bounded, until every client's state vector equals the server's copy of its
 * document with nothing left unacknowledged. A client that does not get there is stuck. Used by the soak test (flapSoak.test.ts) and `npm run bench -- --only flapping`.
 */
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import * as Y from "yjs";
import { connectClient, type TestClient } from "./testServer.ts";

/**
 * `session`: the product's DatasetSession; `provider`: a bare HocuspocusProvider, as upstream ships
 * it; `proposal`: the product's ProposalSession, each client a contributor on its own proposal
 * (`proposals`), over a read-only DatasetSession of the dataset per worker, as on the page.
 */
export type SoakClientKind = "session" | "provider" | "proposal";

/** A proposal document and the capability that opens it (its private link's token). */
export type SoakProposal = { documentName: string; token: string };

export type SoakOptions = {
  wsUrl: string;
  /** The dataset's document (under the proposals for `proposal`). */
  documentName: string;
  /** For `proposal`: one per client, `clients` of them. */
  proposals?: SoakProposal[];
  seed: number;
  clients: number;
  workers: number;
  kind: SoakClientKind;
  /** How long the network flaps while clients edit. */
  flapMs: number;
  /** Edits per client per second while flapping. */
  ratePerSecond: number;
  /** How long after the network settles a client may take to catch up before it counts as stuck. */
  settleTimeoutMs: number;
};

export type SoakAssignment = Pick<
  SoakOptions,
  "wsUrl" | "documentName" | "proposals" | "seed" | "kind" | "flapMs" | "ratePerSecond"
> & {
  clientIndexes: number[];
};

export type ClientReport = {
  index: number;
  /** The document it edits: the dataset's, or its proposal's. */
  documentName: string;
  stateVector: Uint8Array;
  /** Structs or deletions it holds that wait for something it never received. */
  pending: boolean;
  unsynced: number;
  status: string;
  rows: number;
  note: string;
};

export type ProxyStats = { connections: number; refused: number; cut: number; dropped: number; stalled: number };

export type ToSoakWorker =
  | { type: "open"; assignment: SoakAssignment }
  | { type: "settle" }
  | { type: "report" }
  | { type: "close" };
export type FromSoakWorker =
  | { type: "ready" }
  | { type: "settled" }
  | { type: "report"; clients: ClientReport[] }
  | { type: "closed"; stats: ProxyStats | null }
  | { type: "failed"; message: string };

export type SoakResult = {
  /** Clients whose state differs from the server's, or that wait for an acknowledgement, at the end. */
  stuck: (ClientReport & { behind: number; ahead: number })[];
  /** From the network settling to every client caught up (null if some never did). */
  convergenceMs: number | null;
  /** The size of the server's state vectors at the end, in clients, summed over the documents. */
  serverClients: number;
  proxy: ProxyStats;
};

const WORKER = path.join(import.meta.dirname, "flapSoakWorker.ts");

export async function runFlapSoak(options: SoakOptions): Promise<SoakResult> {
  const documents = documentsOf(options);
  const workers = Array.from({ length: options.workers }, () => startWorker());
  try {
    await Promise.all(
      workers.map((worker, w) =>
        worker.request(
          {
            type: "open",
            assignment: {
              ...options,
              seed: options.seed * 1000 + w,
              clientIndexes: range(options.clients).filter((i) => i % options.workers === w),
            },
          },
          "ready",
        ),
      ),
    );
    await sleep(options.flapMs);
    await Promise.all(workers.map((worker) => worker.request({ type: "settle" }, "settled")));
    const settledAt = Date.now();
    // The server's copy of each document, read by clients that do not go through a proxy.
    const references = new Map<string, TestClient>();
    try {
      for (const { documentName, token } of documents)
        references.set(documentName, await connectClient(options.wsUrl, documentName, undefined, { token }));
      const serverStates = () =>
        new Map([...references].map(([name, { doc }]) => [name, Y.decodeStateVector(Y.encodeStateVector(doc))]));
      const serverClients = () => [...serverStates().values()].reduce((sum, vector) => sum + vector.size, 0);
      let last: SoakResult["stuck"] = [];
      while (Date.now() - settledAt < options.settleTimeoutMs) {
        const server = serverStates();
        const reports = (await Promise.all(workers.map((w) => w.request({ type: "report" }, "report")))).flatMap((m) =>
          m.type === "report" ? m.clients : [],
        );
        last = reports
          .map((r) => ({
            ...r,
            ...compare(server.get(r.documentName) ?? new Map(), Y.decodeStateVector(r.stateVector)),
          }))
          .filter(isStuck);
        if (last.length === 0 && ![...references.values()].some((r) => r.provider.hasUnsyncedChanges)) {
          return {
            stuck: [],
            convergenceMs: Date.now() - settledAt,
            serverClients: serverClients(),
            proxy: await stop(workers),
          };
        }
        await sleep(250);
      }
      return { stuck: last, convergenceMs: null, serverClients: serverClients(), proxy: await stop(workers) };
    } finally {
      for (const reference of references.values()) reference.provider.destroy();
    }
  } finally {
    for (const worker of workers) worker.kill();
  }
}

/** The documents the clients edit, with what opens each (a proposal's token). */
function documentsOf(options: SoakOptions): { documentName: string; token?: string }[] {
  if (options.kind !== "proposal") return [{ documentName: options.documentName }];
  const proposals = options.proposals ?? [];
  if (proposals.length !== options.clients) throw new Error("a proposal soak needs one proposal per client");
  return proposals;
}

const isStuck = (r: ClientReport & { behind: number; ahead: number }) =>
  r.behind > 0 || r.ahead > 0 || r.unsynced > 0 || r.pending;

/** Structs the client lacks (behind) and structs the server lacks (ahead: changes that never reached it). */
function compare(server: Map<number, number>, client: Map<number, number>) {
  let behind = 0;
  let ahead = 0;
  for (const [id, clock] of server) behind += Math.max(0, clock - (client.get(id) ?? 0));
  for (const [id, clock] of client) ahead += Math.max(0, clock - (server.get(id) ?? 0));
  return { behind, ahead };
}

async function stop(workers: ReturnType<typeof startWorker>[]): Promise<ProxyStats> {
  const total: ProxyStats = { connections: 0, refused: 0, cut: 0, dropped: 0, stalled: 0 };
  const closed = await Promise.all(workers.map((w) => w.request({ type: "close" }, "closed")));
  for (const message of closed) {
    if (message.type !== "closed" || !message.stats) continue;
    for (const key of Object.keys(total) as (keyof ProxyStats)[]) total[key] += message.stats[key];
  }
  return total;
}

function startWorker() {
  const child: ChildProcess = fork(WORKER, [], {
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let failure: Error | null = null;
  const waiting = new Set<(message: FromSoakWorker) => void>();
  child.on("message", (message: FromSoakWorker) => {
    if (message.type === "failed") failure = new Error(`soak worker failed: ${message.message}`);
    for (const listener of [...waiting]) listener(message);
  });
  child.once("exit", (code) => {
    failure ??= code === 0 ? null : new Error(`soak worker exited with ${code}`);
    for (const listener of [...waiting]) listener({ type: "failed", message: String(failure) });
  });
  return {
    /** Sends a message and resolves with the first answer of type `answer` (bounded: a worker that hangs fails the soak). */
    request(message: ToSoakWorker, answer: FromSoakWorker["type"]): Promise<FromSoakWorker> {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done({ type: "failed", message: `no ${answer} within 60 s` }), 60_000);
        const done = (reply: FromSoakWorker) => {
          if (reply.type !== answer && reply.type !== "failed") return;
          clearTimeout(timer);
          waiting.delete(done);
          if (reply.type === "failed") reject(failure ?? new Error(reply.message));
          else resolve(reply);
        };
        waiting.add(done);
        child.send(message);
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
