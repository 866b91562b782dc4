/**
 * Another person's edit latency while hostile proposal traffic runs (issue 9): a real server
 * process, its owner editing a cell of the live dataset every 50 ms and timing each server
 * acknowledgement, first alone, then while an attacker holding a proposal's private link sends,
 * socket after socket, updates the proposal rules refuse (a 2,002-item overwrite chain, a root
 * outside the schema, a yjs PR #688 input). Prints p50 / p99 / max of both phases.
 *
 *   node scripts/bench/proposalFlood.ts [seconds per phase]
 */
import * as Y from "yjs";
import { call, helpPoints } from "../../server/test/proposals.ts";
import { rawCollab } from "../../server/test/rawCollab.ts";
import { startServerProcess, type TestServer, tempDataDir } from "../../server/test/testServer.ts";
import { setCells } from "../../shared/dataset/index.ts";
import { formatMs } from "./report.ts";
import { percentile } from "./stats.ts";

const seconds = Number(process.argv[2] ?? 10);
const data = tempDataDir();
const server = await startServerProcess(data.dir, { LOG_LEVEL: "silent" });
const target = server as unknown as TestServer;
const { dataset, live, columns, rows } = await helpPoints(target);
const created = await call(target, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} });
const { token } = created.body as { token: string };
const proposalName = (created.body.proposal as { documentName: string }).documentName;

const acknowledged = () =>
  new Promise<void>((resolve) => {
    const check = ({ number }: { number: number }) => {
      if (number !== 0) return;
      live.provider.off("unsyncedChanges", check);
      resolve();
    };
    live.provider.on("unsyncedChanges", check);
  });

async function measure(until: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; Date.now() < until; i++) {
    const done = acknowledged();
    const started = performance.now();
    setCells(live.doc, [{ rowId: rows[0], columnId: columns.phone, value: `01 00 ${i}` }], "owner");
    await done;
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return samples;
}

function hostileUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const capture = (write: () => void) => {
    const collected: Uint8Array[] = [];
    const on = (u: Uint8Array) => collected.push(u);
    doc.on("update", on);
    write();
    doc.off("update", on);
    updates.push(Y.mergeUpdates(collected));
  };
  const key = `${rows[1]}:${columns.name}`;
  const other = `${rows[2]}:${columns.name}`;
  capture(() =>
    doc.transact(() => {
      for (let i = 0; i < 1001; i++) {
        doc.getMap("cells").set(key, { value: i, base: null });
        doc.getMap("cells").set(other, { value: i, base: null });
      }
    }),
  );
  capture(() => doc.getMap("meta").set("title", "pwned"));
  updates.push(
    new Uint8Array([
      228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233, 173,
      135, 217, 18, 0, 0, 1, 1, 255, 237, 246,
    ]),
  );
  return updates;
}

const quiet = await measure(Date.now() + seconds * 1000);
let attacking = true;
let refused = 0;
const attacks = hostileUpdates();
const attacker = (async () => {
  for (let i = 0; attacking; i++) {
    const socket = await rawCollab(server.wsUrl, proposalName, token);
    socket.send(socket.update(attacks[i % attacks.length] as Uint8Array));
    await socket.closed;
    refused += 1;
  }
})();
const underAttack = await measure(Date.now() + seconds * 1000);
attacking = false;
await attacker;

const line = (label: string, s: number[]) =>
  `  ${label}: ${s.length} edits, p50 ${formatMs(percentile(s, 50))}, p99 ${formatMs(percentile(s, 99))}, max ${formatMs(Math.max(...s))}`;
console.log(`owner's edit acknowledged (a real server process, ${seconds} s per phase):`);
console.log(line("alone                   ", quiet));
console.log(line("under hostile proposals ", underAttack));
console.log(`  hostile updates refused: ${refused} (${(refused / seconds).toFixed(0)} per second)`);
live.provider.destroy();
server.child.kill("SIGTERM");
await server.exited;
data.remove();
