/**
 * Durability: an edit storm against `node server/main.ts` with a store debounce far longer than
 * the storm, so nothing is compacted and only the per-update log can keep the edits. Each client
 * records which of its edits the server acknowledged; the server is killed with SIGKILL in the
 * middle of the storm, the clients are destroyed (so none can upload its edits again), the server
 * restarts on the same data directory and a fresh client counts the acknowledged edits missing.
 */

import * as Y from "yjs";
import { roots } from "../../shared/dataset/index.ts";
import { sleep, wallClockMs } from "./async.ts";
import { connectClient } from "./clients.ts";
import { launchStorm } from "./editStorm.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { seedDataset, startServer, stopProcess, tempDir } from "./processes.ts";
import { markdownTable, type Section } from "./report.ts";

export type DurabilityOptions = {
  rows: number;
  clients: number;
  workers: number;
  ratePerSecond: number;
  /** When each round kills the server, in seconds after the storm starts. */
  killAfterSeconds: number[];
};

const SERVER_ENV = { LOG_LEVEL: "warn", STORE_DEBOUNCE_MS: "60000", STORE_MAX_DEBOUNCE_MS: "120000" };
/** Acks that arrived this close before the kill show that the storm was at full speed when it hit. */
const LAST_ACKS_WINDOW_MS = 200;

type Round = {
  killAfterSeconds: number;
  sent: number;
  acknowledged: number;
  acknowledgedJustBeforeKill: number;
  missing: number;
  /** Edits found after the restart, acknowledged or not. */
  found: number;
};

export async function runDurability(options: DurabilityOptions, log: (line: string) => void): Promise<Section> {
  const seed = Y.encodeStateAsUpdate(buildBenchDoc(options.rows));
  const rounds: Round[] = [];
  for (const killAfterSeconds of options.killAfterSeconds) {
    const round = await runRound(seed, killAfterSeconds, options);
    log(
      `  kill at ${killAfterSeconds} s: ${round.acknowledged} of ${round.sent} edits acknowledged, ${round.missing} missing after restart`,
    );
    rounds.push(round);
  }
  const missing = rounds.reduce((sum, r) => sum + r.missing, 0);
  const acknowledged = rounds.reduce((sum, r) => sum + r.acknowledged, 0);
  const table = markdownTable(
    [
      "Kill after",
      "Edits sent",
      "Acknowledged",
      `Acked < ${LAST_ACKS_WINDOW_MS} ms before kill`,
      "Found after restart",
      "Acked but missing",
    ],
    rounds.map((r) => [
      `${r.killAfterSeconds} s`,
      r.sent,
      r.acknowledged,
      r.acknowledgedJustBeforeKill,
      r.found,
      r.missing,
    ]),
  );
  const intro = [
    `${options.clients} clients (${options.workers} processes, HocuspocusProvider) each write a cell of their own ${options.ratePerSecond} times a second to a ${options.rows.toLocaleString("en")} × 20 dataset on \`node server/main.ts\` with STORE_DEBOUNCE_MS=60000.`,
    "An edit counts as acknowledged when the provider's unsynced-changes count falls to 0 after it was sent.",
    "The server gets SIGKILL mid-storm; the clients are destroyed; the server restarts on the same SQLite file and a fresh client reads every cell back.",
    "Edits sent but not acknowledged may or may not survive; only acknowledged ones must.",
  ].join(" ");
  return {
    title: "Durability (SIGKILL mid-storm)",
    markdown: `${intro}\n\n${table}`,
    targets: [
      {
        name: "acknowledged edits lost to SIGKILL = 0",
        pass: missing === 0 && acknowledged > 0,
        detail: `${missing} missing of ${acknowledged} acknowledged, ${rounds.length} kill(s)`,
      },
    ],
  };
}

async function runRound(seed: Uint8Array, killAfterSeconds: number, options: DurabilityOptions): Promise<Round> {
  const data = tempDir("durability");
  try {
    const documentName = await seedDataset(data.dir, "Durability", seed);
    const first = await startServer(data.dir, SERVER_ENV);
    const storm = await launchStorm({
      protocol: "hocuspocus",
      wsUrl: first.wsUrl,
      documentName,
      clients: options.clients,
      workers: options.workers,
      ratePerSecond: options.ratePerSecond,
      // Enough edits to outlast the kill; the storm is stopped right after it.
      editsPerClient: Math.ceil(options.ratePerSecond * (killAfterSeconds + 5)),
      warmupMs: 0,
      drainMs: 0,
    });
    const stormDone = storm.run(); // settles once stop() below has the workers' reports
    await sleep(killAfterSeconds * 1000);
    const killedAt = wallClockMs();
    first.child.kill("SIGKILL");
    await first.exited;
    storm.stop();
    const result = await stormDone;

    const second = await startServer(data.dir, SERVER_ENV);
    try {
      const reader = await connectClient("hocuspocus", second.wsUrl, documentName, 60_000);
      const cells = reader.doc.getMap<unknown>(roots.cells);
      const missing = result.acknowledged.filter((edit) => cells.get(edit.key) !== edit.value).length;
      const found = cells.size;
      reader.destroy();
      return {
        killAfterSeconds,
        sent: result.sent,
        acknowledged: result.acknowledged.length,
        acknowledgedJustBeforeKill: result.acknowledged.filter((e) => killedAt - e.ackedAt < LAST_ACKS_WINDOW_MS)
          .length,
        missing,
        found,
      };
    } finally {
      await stopProcess(second.child);
    }
  } finally {
    data.remove();
  }
}
