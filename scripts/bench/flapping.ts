/**
 * Flapping networks (issue 12): many clients edit one dataset through loopback proxies that delay,
 * stall, cut mid-message and drop their sockets (server/test/flapSoak.ts, the soak test's harness,
 * against `node server/main.ts`); then the network settles. Counts the clients still stuck after
 * the bound (a state vector that differs from the server's, or changes never acknowledged) and
 * the time until every client has caught up. The product's DatasetSession is the target; a bare
 * upstream HocuspocusProvider runs beside it for comparison.
 */

import { runFlapSoak, type SoakClientKind } from "../../server/test/flapSoak.ts";
import { createDatasetViaApi } from "../../server/test/testServer.ts";
import { startServer, stopProcessTree, tempDir } from "./processes.ts";
import { formatMs, markdownTable, type Section } from "./report.ts";

export type FlappingOptions = {
  clients: number;
  workers: number;
  flapSeconds: number;
  settleTimeoutSeconds: number;
  seeds: number[];
  kinds: DatasetClientKind[];
};

export const defaultFlappingOptions: FlappingOptions = {
  clients: 150,
  workers: 2,
  flapSeconds: 40,
  settleTimeoutSeconds: 60,
  seeds: [1, 2],
  kinds: ["session", "provider"],
};

export const quickFlappingOptions: FlappingOptions = {
  ...defaultFlappingOptions,
  clients: 60,
  flapSeconds: 15,
  seeds: [1],
};

/** The clients this bench compares on one dataset (proposal documents are soaked by flapSoak.test.ts). */
type DatasetClientKind = Exclude<SoakClientKind, "proposal">;

const NAMES: Record<DatasetClientKind, string> = {
  session: "DatasetSession (ours)",
  provider: "bare HocuspocusProvider 4.8",
};

export async function runFlapping(options: FlappingOptions, log: (line: string) => void): Promise<Section> {
  const rows: (string | number)[][] = [];
  let sessionStuck = 0;
  let sessionSlowest: number | null = 0;
  for (const kind of options.kinds) {
    for (const seed of options.seeds) {
      const data = tempDir("flapping");
      const server = await startServer(data.dir, { LOG_LEVEL: "fatal" });
      try {
        const { documentName } = await createDatasetViaApi(
          { url: server.url, dataDir: data.dir },
          { title: "Flapping", columns: [{ name: "Name" }, { name: "City" }, { name: "Notes" }] },
        );
        const result = await runFlapSoak({
          wsUrl: server.wsUrl,
          documentName,
          seed,
          clients: options.clients,
          workers: options.workers,
          kind,
          flapMs: options.flapSeconds * 1000,
          ratePerSecond: 1,
          settleTimeoutMs: options.settleTimeoutSeconds * 1000,
        });
        const faults = result.proxy.cut + result.proxy.dropped + result.proxy.stalled + result.proxy.refused;
        const refused = result.stuck.filter((c) => c.note === "invalid-update").length;
        log(
          `  ${NAMES[kind]}, seed ${seed}: ${result.stuck.length} stuck (${refused} refused), converged in ${formatMs(result.convergenceMs)}, ${faults} faults over ${result.proxy.connections} connections`,
        );
        rows.push([
          NAMES[kind],
          seed,
          options.clients,
          `${result.proxy.connections} / ${faults}`,
          result.stuck.length,
          result.convergenceMs === null
            ? `not within ${options.settleTimeoutSeconds} s`
            : formatMs(result.convergenceMs),
        ]);
        if (kind === "session") {
          sessionStuck += result.stuck.length;
          sessionSlowest =
            result.convergenceMs === null || sessionSlowest === null
              ? null
              : Math.max(sessionSlowest, result.convergenceMs);
        }
      } finally {
        await stopProcessTree(server.child);
        data.remove();
      }
    }
  }
  const markdown = [
    `${options.clients} clients in ${options.workers} worker processes, each editing cells and rows about once a second for ${options.flapSeconds} s through a seeded loopback proxy (delays up to 40 ms, stalls, cuts mid-message, drops, 15 % of connections refused); then the network settles and each client has ${options.settleTimeoutSeconds} s to hold exactly the server's state with nothing unacknowledged.`,
    "",
    markdownTable(
      ["client", "seed", "clients", "connections / faults", "stuck after settling", "time to full convergence"],
      rows,
    ),
  ].join("\n");
  return {
    title: "Flapping networks",
    markdown,
    targets: [
      {
        name: "clients stuck after a flapping soak (ours)",
        pass: sessionStuck === 0,
        detail: `${sessionStuck} (target 0)`,
      },
      {
        name: "full convergence after the network settles (ours)",
        pass: sessionSlowest !== null,
        detail:
          sessionSlowest === null
            ? "not reached"
            : `slowest ${formatMs(sessionSlowest)} (within ${options.settleTimeoutSeconds} s)`,
      },
    ],
  };
}
