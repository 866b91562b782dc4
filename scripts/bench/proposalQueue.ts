/**
 * Many open proposals on one dataset (issue 9: "200 open proposals on one dataset: server memory
 * and queue page time"). A fresh `node server/main.ts` holds one public-propose dataset of `rows`
 * rows × 20 columns, filled through a provider as people would; proposals arrive as JSON change
 * sets of `changesEach` cell changes each, from several loopback addresses (the anonymous limit is
 * per address, P20). The moderators' queue (`GET /api/datasets/:id/proposals`) is timed one request
 * at a time with 1 open proposal (the baseline) and with `proposals`, beside the dataset's own
 * page API (`GET /api/datasets/:id`); the server's RSS is read from /proc, and its log says how many
 * proposal documents each queue request loaded.
 */
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  whenAcknowledged,
} from "../../server/test/testServer.ts";
import { DatasetView, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { benchColumns, benchRow } from "./fixtures.ts";
import { startServer, stopProcess, tempDir } from "./processes.ts";
import { processMemory, sampleMemory } from "./processMemory.ts";
import { formatMB, formatMs, markdownTable, type Section, type Target } from "./report.ts";
import { percentile } from "./stats.ts";

export type ProposalQueueOptions = { rows: number; proposals: number; changesEach: number; requests: number };
export const defaultProposalQueueOptions: ProposalQueueOptions = {
  rows: 1_800,
  proposals: 200,
  changesEach: 3,
  requests: 60,
};
const TARGETS = { queueP99Ms: 200, rssGrowthBytes: 100e6 };
/** Change sets one loopback address sends (under the anonymous limit of 10 an hour). */
const PER_ADDRESS = 10;

type Answer = { status: number; body: string };

function request(
  base: string,
  method: string,
  path: string,
  { body, headers = {}, localAddress }: { body?: unknown; headers?: Record<string, string>; localAddress?: string },
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        localAddress,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Counts the server's "document loaded" log lines for proposal documents. */
function watchProposalLoads(child: ChildProcess) {
  const counter = { loads: 0 };
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines)
      if (line.includes('"document loaded"') && line.includes('"documentName":"proposal.')) counter.loads += 1;
  });
  return counter;
}

type Timing = { p50: number; p99: number; max: number; loadsPerRequest: number; peakRssBytes: number };

export async function runProposalQueue(options: ProposalQueueOptions, log: (line: string) => void): Promise<Section> {
  const data = tempDir("queue");
  let child: ChildProcess | null = null;
  try {
    const server = await startServer(data.dir, { LOG_LEVEL: "info", API_REQUESTS_PER_MINUTE: "1000000" });
    child = server.child;
    const loads = watchProposalLoads(child);
    const pid = child.pid;
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      { url: server.url, dataDir: data.dir },
      { title: "Help points", columns: benchColumns },
      { openness: "public-propose", cookie: owner.cookie },
    );
    const live = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
    const view = new DatasetView(live.doc);
    const columns = view.columns().map((c) => c.id) as ColumnId[];
    insertRows(
      live.doc,
      Array.from({ length: options.rows }, (_, i) => benchRow(columns, i)),
      view.gapAtEnd(),
      "bench",
    );
    await whenAcknowledged(live);
    const rows = view.rowsInOrder();
    const phone = columns[7] as ColumnId;
    const hours = columns[13] as ColumnId;
    const cookie = { cookie: owner.cookie, origin: server.url };

    let sent = 0;
    const sendProposals = async (count: number) => {
      for (let i = 0; i < count; i++, sent++) {
        const cells = Array.from({ length: options.changesEach }, (_, k) => {
          const row = rows[(sent * 37 + k * 11) % rows.length] as (typeof rows)[number];
          const column = k % 2 === 0 ? phone : hours;
          return { rowId: row.id, columnId: column, base: row.cells[column] ?? null, value: `proposal ${sent}.${k}` };
        });
        const answer = await request(server.url, "POST", `/api/datasets/${dataset.id}/change-sets`, {
          body: { cells, message: `Correction ${sent}`, nickname: `contributor ${sent}` },
          localAddress: `127.0.0.${2 + Math.floor(sent / PER_ADDRESS)}`,
        });
        if (answer.status !== 201) throw new Error(`change set ${sent}: ${answer.status} ${answer.body}`);
      }
    };
    const time = async (path: string): Promise<Timing> => {
      for (let i = 0; i < 3; i++) await request(server.url, "GET", path, { headers: cookie }); // warm
      const memory = sampleMemory(pid);
      memory.start();
      const loadsBefore = loads.loads;
      const ms: number[] = [];
      for (let i = 0; i < options.requests; i++) {
        const started = performance.now();
        const answer = await request(server.url, "GET", path, { headers: cookie });
        ms.push(performance.now() - started);
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      const window = memory.end();
      memory.stop();
      return {
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
        max: Math.max(...ms),
        loadsPerRequest: (loads.loads - loadsBefore) / options.requests,
        peakRssBytes: window?.peakBytes ?? Number.NaN,
      };
    };
    const rss = () => processMemory(pid)?.rssBytes ?? Number.NaN;
    const queuePath = `/api/datasets/${dataset.id}/proposals`;
    const datasetPath = `/api/datasets/${dataset.id}`;

    const rssEmpty = rss();
    await sendProposals(1);
    const datasetPage = await time(datasetPath);
    const queueOne = await time(queuePath);
    const rssOne = rss();
    log(`  queue, 1 proposal: p50 ${formatMs(queueOne.p50)}, p99 ${formatMs(queueOne.p99)}`);
    await sendProposals(options.proposals - 1);
    const rssMany = rss();
    const queueMany = await time(queuePath);
    const rssAfter = rss();
    log(
      `  queue, ${options.proposals} proposals: p50 ${formatMs(queueMany.p50)}, p99 ${formatMs(queueMany.p99)}, ` +
        `${queueMany.loadsPerRequest.toFixed(1)} proposal documents loaded a request`,
    );
    const queue = JSON.parse((await request(server.url, "GET", queuePath, { headers: cookie })).body) as {
      proposals: { changes: number }[];
    };
    if (queue.proposals.length !== options.proposals) throw new Error(`queue lists ${queue.proposals.length}`);
    live.provider.destroy();

    const line = (name: string, t: Timing) => [
      name,
      formatMs(t.p50),
      formatMs(t.p99),
      formatMs(t.max),
      (t.p50 / queueOne.p50).toFixed(2),
      t.loadsPerRequest.toFixed(1),
      formatMB(t.peakRssBytes),
    ];
    const growth = rssAfter - rssOne;
    const targets: Target[] = [
      {
        name: `moderators' queue with ${options.proposals} open proposals, p99 < ${TARGETS.queueP99Ms} ms`,
        pass: queueMany.p99 < TARGETS.queueP99Ms,
        detail: `${formatMs(queueMany.p99)} (1 proposal: ${formatMs(queueOne.p99)})`,
      },
      {
        name: `server RSS growth for ${options.proposals} open proposals and their queue < ${formatMB(TARGETS.rssGrowthBytes)}`,
        pass: growth < TARGETS.rssGrowthBytes,
        detail: `+${formatMB(growth)} (${formatMB(rssOne)} → ${formatMB(rssAfter)})`,
      },
    ];
    const markdown = [
      `A fresh \`node server/main.ts\` holds one public-propose dataset of ${options.rows.toLocaleString("en")} rows × 20 columns, filled through a provider; ${options.proposals} proposals of ${options.changesEach} cell changes each arrive as JSON change sets (from ${Math.ceil(options.proposals / PER_ADDRESS)} loopback addresses, under the anonymous limit per address). ${options.requests} requests one at a time per line, from the same machine, after 3 warm-up requests; "vs. 1" divides p50 by the queue's with 1 open proposal, measured in the same run; proposal documents loaded are counted from the server's log ("document loaded"); RSS from /proc.`,
      "",
      markdownTable(
        ["request", "p50", "p99", "max", "p50 vs. 1", "proposal documents loaded a request", "server RSS peak"],
        [
          line("dataset page API (`GET /api/datasets/:id`)", datasetPage),
          line("queue, 1 open proposal (baseline)", queueOne),
          line(`queue, ${options.proposals} open proposals`, queueMany),
        ],
      ),
      "",
      `Server RSS: ${formatMB(rssEmpty)} with the dataset and no proposal, ${formatMB(rssOne)} after the first queue requests, ${formatMB(rssMany)} once ${options.proposals} proposals were made, ${formatMB(rssAfter)} after their queue requests. Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")} on ${os.cpus().length} cores (other work shares the machine).`,
      "",
      "Before the queue read what storage remembers of each proposal (`proposal_contents`, server/proposals/contents.ts), it loaded every pending proposal's document on each request: with 200 open proposals, p50 597 ms and p99 2051 ms (132× the queue with 1), 68.6 proposal documents loaded a request, the server's RSS 216 → 355 MB (load average 17 on 2 cores).",
    ].join("\n");
    return { title: "Many open proposals: server memory and the moderators' queue", markdown, targets };
  } finally {
    if (child) await stopProcess(child);
    data.remove();
  }
}
