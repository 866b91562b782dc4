/**
 * The cost of checking an untrusted update (shared/dataset/updateRules.ts) against applying it,
 * for the hostile shapes of issue 7: one cell key overwritten in a long chain (the check used to
 * be quadratic: 16k items took 9.4 s), and many new keys. The check must stay linear and cheaper
 * than, or close to, Yjs applying the same update; the baseline is measured in the same run.
 */
import * as Y from "yjs";
import { initializeDataset, insertRows } from "../../shared/dataset/index.ts";
import { checkUpdate } from "../../shared/dataset/updateRules.ts";
import { type ColumnId, newRowId } from "../../shared/ids.ts";
import { formatMs, markdownTable, type Section, type Target } from "./report.ts";

export type UpdateCheckOptions = { chains: number[]; keys: number; rounds: number };

function datasetDocument(): { doc: Y.Doc; column: ColumnId } {
  const doc = new Y.Doc();
  const [column] = initializeDataset(doc, { meta: { title: "Bench" }, columns: [{ name: "Name" }] }, null);
  insertRows(
    doc,
    Array.from({ length: 20_000 }, (_, i) => ({ cells: { [column as ColumnId]: `row ${i}` } })),
    { before: null, after: null },
    null,
  );
  return { doc, column: column as ColumnId };
}

function captured(base: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  client.on("update", (update: Uint8Array) => updates.push(update));
  client.transact(() => write(client));
  return Y.mergeUpdates(updates);
}

/** Best of `rounds` times of `run`, each on a fresh copy of the document. */
function best(base: Uint8Array, rounds: number, run: (doc: Y.Doc) => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base);
    const started = performance.now();
    run(doc);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

export async function runUpdateCheck(options: UpdateCheckOptions, log: (line: string) => void): Promise<Section> {
  const { doc, column } = datasetDocument();
  const base = Y.encodeStateAsUpdate(doc);
  const shapes: { name: string; items: number; update: Uint8Array }[] = [];
  for (const length of options.chains) {
    // Two keys overwritten in turn: the overwritten items do not merge, so the chain stays `length` long.
    const keys = [`${newRowId()}:${column}`, `${newRowId()}:${column}`];
    const update = captured(doc, (client) => {
      const cells = client.getMap("cells");
      for (let i = 0; i < length; i++) cells.set(keys[i % 2] as string, i);
    });
    shapes.push({ name: `two cells overwritten ${length.toLocaleString("en")} times in turn`, items: length, update });
  }
  const keysUpdate = captured(doc, (client) => {
    const cells = client.getMap("cells");
    for (let i = 0; i < options.keys; i++) cells.set(`${newRowId()}:${column}`, i);
  });
  shapes.push({ name: `${options.keys.toLocaleString("en")} new cell keys`, items: options.keys, update: keysUpdate });

  const rows: (string | number)[][] = [];
  const targets: Target[] = [];
  const perItem: number[] = [];
  for (const shape of shapes) {
    const check = best(base, options.rounds, (copy) => checkUpdate(copy, shape.update));
    const apply = best(base, options.rounds, (copy) => Y.applyUpdate(copy, shape.update));
    perItem.push((check / shape.items) * 1000);
    rows.push([
      shape.name,
      `${(shape.update.length / 1024).toFixed(0)} KiB`,
      formatMs(check),
      formatMs(apply),
      (check / apply).toFixed(2),
    ]);
    log(`  ${shape.name}: check ${formatMs(check)}, apply ${formatMs(apply)} (${(check / apply).toFixed(2)}×)`);
    if (shape.items === 16_000)
      targets.push({
        name: "check of 16k chained items",
        pass: check < 50,
        detail: `${formatMs(check)} (target < 50 ms)`,
      });
  }
  const chainPerItem = perItem.slice(0, options.chains.length);
  const growth = (chainPerItem[chainPerItem.length - 1] ?? 0) / (chainPerItem[0] ?? 1);
  targets.push({
    name: "check is linear in the update's size",
    pass: growth < 2,
    detail: `µs per item grows ${growth.toFixed(2)}× from the shortest to the longest chain (target < 2×)`,
  });
  const markdown = [
    "Checking an untrusted update (`checkUpdate`, shared/dataset/updateRules.ts) against a 20,000-row",
    "document, beside Yjs applying the same update (best of rounds, fresh copy each time). Before",
    "the exact rules, 4k/8k/16k chained items took 0.37/2.3/9.4 s to check.",
    "",
    markdownTable(["update", "size", "check", "apply", "check / apply"], rows),
  ].join("\n");
  return { title: "Checking untrusted updates", markdown, targets };
}

if (import.meta.main) {
  const section = await runUpdateCheck({ chains: [4_000, 8_000, 16_000], keys: 80_000, rounds: 5 }, console.log);
  for (const target of section.targets)
    console.log(`${target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.detail}`);
}
