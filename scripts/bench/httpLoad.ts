/**
 * HTTP loads for the publishing benchmark. `closedLoop` (autocannon-style): `concurrency` keep-alive
 * connections, each sending its next request as soon as the previous answer is read in full — the
 * most the server can answer. `openLoop`: requests sent on a fixed schedule whatever the answers
 * (wrk2-style), each timed from when it was due, so a server that falls behind shows it in the
 * latency instead of being asked less.
 */
import http from "node:http";

export type LoadResult = { requests: number; perSecond: number; bytes: number; failed: number };

export async function closedLoop(
  url: string,
  { concurrency, ms, headers = {} }: { concurrency: number; ms: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let requests = 0;
  let failed = 0;
  let bytes = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const answer = await getOnce(url, agent, headers);
        if (answer.ok) requests++;
        else failed++;
        bytes = answer.bytes;
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return { requests, perSecond: (requests / elapsed) * 1000, bytes, failed };
}

export type OpenLoopResult = LoadResult & {
  ratePerSecond: number;
  /** From when each answered request was due to its last byte. */
  latenciesMs: Float64Array;
  /** Requests due while `maxInFlight` were already waiting: not sent, counted against the rate. */
  skipped: number;
};

/** Schedule resolution: every tick sends the requests due since the last one. */
const TICK_MS = 2;

export async function openLoop(
  url: string,
  {
    ratePerSecond,
    ms,
    headers = {},
    maxInFlight = 256,
  }: { ratePerSecond: number; ms: number; headers?: Record<string, string>; maxInFlight?: number },
): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const latencies: number[] = [];
  let failed = 0;
  let skipped = 0;
  let bytes = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.floor((ms / 1000) * ratePerSecond);
  for (let due = 0; due < total; ) {
    const now = performance.now();
    for (; due < total && started + (due * 1000) / ratePerSecond <= now; due++) {
      if (inFlight >= maxInFlight) {
        skipped++;
        continue;
      }
      const dueAt = started + (due * 1000) / ratePerSecond;
      inFlight++;
      const request = getOnce(url, agent, headers).then((answer) => {
        inFlight--;
        if (answer.ok) latencies.push(performance.now() - dueAt);
        else failed++;
        bytes = answer.bytes;
      });
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  const elapsed = performance.now() - started;
  agent.destroy();
  return {
    requests: latencies.length,
    perSecond: (latencies.length / elapsed) * 1000,
    bytes,
    failed,
    ratePerSecond,
    latenciesMs: Float64Array.from(latencies),
    skipped,
  };
}

function getOnce(url: string, agent: http.Agent, headers: Record<string, string>) {
  return new Promise<{ ok: boolean; bytes: number }>((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
        });
        res.on("end", () => resolve({ ok: res.statusCode === 200, bytes: size }));
      })
      .on("error", reject);
  });
}
