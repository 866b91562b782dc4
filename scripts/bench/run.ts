/**
 * `npm run bench`: the edit fan-out, dataset size, durability, browser, flood and flapping-network benchmarks.
 * Prints figures and pass/fail target lines as it goes; a full default run also writes
 * docs/benchmarks.md.
 *
 *   npm run bench                          all of them, full size (about 11 minutes)
 *   npm run bench -- --quick               all of them, smaller (about 4 minutes), report not written
 *   npm run bench -- --only size           one benchmark (fanout, size, durability, browser, floods, updateCheck, publish, flapping, importExport, proposals, proposalQueue, embeds; repeatable)
 *   npm run bench -- --only floods --write one benchmark, full size, its section of docs/benchmarks.md
 *                                          replaced (the others kept, the section says when and at which commit)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BrowserOptions, defaultBrowserOptions, runBrowser } from "./browser.ts";
import { type DurabilityOptions, runDurability } from "./durability.ts";
import { defaultEmbedBytesOptions, type EmbedBytesOptions, runEmbedBytes } from "./embedBytes.ts";
import { type FanoutOptions, runFanout } from "./fanout.ts";
import { defaultFlappingOptions, type FlappingOptions, quickFlappingOptions, runFlapping } from "./flapping.ts";
import { defaultFloodOptions, type FloodOptions, quickFloodOptions, runFloods } from "./floods.ts";
import { defaultImportExportOptions, type ImportExportOptions, runImportExport } from "./importExport.ts";
import { describeMachine, describeSource } from "./machine.ts";
import { defaultProposalQueueOptions, type ProposalQueueOptions, runProposalQueue } from "./proposalQueue.ts";
import { defaultProposalReviewOptions, type ProposalReviewOptions, runProposalReview } from "./proposalReview.ts";
import { type PublishOptions, runPublish } from "./publish.ts";
import { type PublishApiOptions, runPublishApi } from "./publishApi.ts";
import { renderReport, renderSection, replaceSections, type Section, targetLine } from "./report.ts";
import { runSize, type SizeOptions } from "./size.ts";
import { runUpdateCheck, type UpdateCheckOptions } from "./updateCheck.ts";

type Settings = {
  fanout: FanoutOptions;
  size: SizeOptions;
  durability: DurabilityOptions;
  browser: BrowserOptions;
  floods: FloodOptions;
  updateCheck: UpdateCheckOptions;
  publish: PublishOptions;
  publishApi: PublishApiOptions;
  importExport: ImportExportOptions;
  flapping: FlappingOptions;
  proposals: ProposalReviewOptions;
  proposalQueue: ProposalQueueOptions;
  embeds: EmbedBytesOptions;
};

const FULL: Settings = {
  fanout: {
    rows: 1800,
    clients: 50,
    workers: 2,
    ratePerSecond: 5,
    seconds: 20,
    warmupSeconds: 2,
    drainSeconds: 3,
    rounds: 4,
    proposals: { open: 200, connected: 20 },
  },
  size: { sizes: [10_000, 50_000, 100_000], rounds: 3 },
  durability: { rows: 1800, clients: 50, workers: 2, ratePerSecond: 10, killAfterSeconds: [3, 6, 9] },
  browser: defaultBrowserOptions,
  floods: defaultFloodOptions,
  updateCheck: { chains: [4_000, 8_000, 16_000], keys: 80_000, rounds: 5 },
  publish: { rows: 100_000, requests: 100, edits: 2 },
  publishApi: {
    rows: 10_000,
    concurrency: 8,
    seconds: 9,
    storm: { clients: 20, ratePerSecond: 5, seconds: 10, rounds: 3 },
  },
  importExport: defaultImportExportOptions,
  flapping: defaultFlappingOptions,
  proposals: defaultProposalReviewOptions,
  proposalQueue: defaultProposalQueueOptions,
  embeds: defaultEmbedBytesOptions,
};

const QUICK: Settings = {
  fanout: {
    ...FULL.fanout,
    seconds: 8,
    warmupSeconds: 1,
    drainSeconds: 2,
    rounds: 1,
    proposals: { open: 50, connected: 5 },
  },
  size: { sizes: [10_000, 50_000], rounds: 1 },
  durability: { ...FULL.durability, killAfterSeconds: [3] },
  browser: { rows: [10_000], rounds: 1 },
  floods: quickFloodOptions,
  updateCheck: { chains: [4_000, 16_000], keys: 20_000, rounds: 2 },
  publish: { rows: 10_000, requests: 50, edits: 1 },
  publishApi: {
    rows: 10_000,
    concurrency: 8,
    seconds: 3,
    storm: { clients: 10, ratePerSecond: 5, seconds: 5, rounds: 1 },
  },
  importExport: { ...defaultImportExportOptions, rounds: 1 },
  flapping: quickFlappingOptions,
  proposals: { rows: 10_000, changes: 1_000, rounds: 1 },
  proposalQueue: { ...defaultProposalQueueOptions, requests: 20 },
  embeds: { rounds: 1 },
};

const BENCHMARKS = {
  fanout: (s: Settings, log: (line: string) => void) => runFanout(s.fanout, log),
  size: (s: Settings, log: (line: string) => void) => runSize(s.size, log),
  durability: (s: Settings, log: (line: string) => void) => runDurability(s.durability, log),
  browser: (s: Settings, log: (line: string) => void) => runBrowser(s.browser, log),
  floods: (s: Settings, log: (line: string) => void) => runFloods(s.floods, log),
  updateCheck: (s: Settings, log: (line: string) => void) => runUpdateCheck(s.updateCheck, log),
  publish: async (s: Settings, log: (line: string) => void) => [
    await runPublishApi(s.publishApi, log),
    await runPublish(s.publish, log),
  ],
  importExport: (s: Settings, log: (line: string) => void) => runImportExport(s.importExport, log),
  flapping: (s: Settings, log: (line: string) => void) => runFlapping(s.flapping, log),
  proposals: (s: Settings, log: (line: string) => void) => runProposalReview(s.proposals, log),
  proposalQueue: (s: Settings, log: (line: string) => void) => runProposalQueue(s.proposalQueue, log),
  embeds: (s: Settings, log: (line: string) => void) => runEmbedBytes(s.embeds, log),
};
type Name = keyof typeof BENCHMARKS;
const isName = (name: string): name is Name => Object.hasOwn(BENCHMARKS, name);

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    write: { type: "boolean", default: false },
  },
});
const only = values.only ?? [];
const unknown = only.filter((name) => !isName(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const selected = (Object.keys(BENCHMARKS) as Name[]).filter((name) => only.length === 0 || only.includes(name));
const settings = values.quick ? QUICK : FULL;
const machine = describeMachine();
const source = describeSource(); // now: others may commit while the benchmarks run
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${values.quick ? " (quick run)" : ""}`);

const sections: Section[] = [];
for (const name of selected) {
  console.log(`\n${name}`);
  const started = performance.now();
  const produced = [await BENCHMARKS[name](settings, (line) => console.log(line))].flat();
  for (const section of produced) console.log(renderSection(section));
  console.log(`(${Math.round((performance.now() - started) / 1000)} s)`);
  sections.push(...produced);
}

console.log("\nTargets");
for (const target of sections.flatMap((s) => s.targets)) console.log(`  ${targetLine(target)}`);

const file = path.resolve(import.meta.dirname, "../../docs/benchmarks.md");
if (!values.quick && only.length === 0) {
  writeFileSync(file, renderReport(machine, "npm run bench", sections));
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
} else if (!values.quick && values.write && existsSync(file)) {
  const command = `npm run bench -- ${only.map((name) => `--only ${name}`).join(" ")} --write`;
  const note = `_Measured alone by \`${command}\` on ${machine.date} at ${source} (${machine.cores} cores, ${machine.cpu}, Node ${machine.node})._`;
  writeFileSync(file, replaceSections(readFileSync(file, "utf8"), sections, note));
  console.log(`\nReplaced ${selected.join(", ")} in ${path.relative(process.cwd(), file)}`);
} else {
  console.log("\nPartial or quick run: docs/benchmarks.md left as it is.");
}
// Children were stopped; leftover handles (provider timers) must not keep the run alive.
process.exit(0);
