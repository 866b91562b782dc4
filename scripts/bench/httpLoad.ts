/**
 * A closed-loop HTTP load (autocannon-style): `concurrency` keep-alive connections, each sending
 * its next request as soon as the previous answer is read in full, for `ms` milliseconds.
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
  const once = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (res) => {
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
          });
          res.on("end", () => {
            if (res.statusCode === 200) requests++;
            else failed++;
            bytes = size;
            resolve();
          });
        })
        .on("error", reject);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await once();
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return { requests, perSecond: (requests / elapsed) * 1000, bytes, failed };
}
