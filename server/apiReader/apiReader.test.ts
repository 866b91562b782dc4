import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import type { ApiDataset, RowsPage } from "../../shared/api/v1.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One keep-alive TCP connection, from `localAddress` (any 127.x address reaches a server on
 * 127.0.0.1): the first request it sends decides which process holds it.
 */
function connection(url: string, localAddress = "127.0.0.1") {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress });
  const sockets = new Set<net.Socket>();
  return {
    send(
      method: string,
      path: string,
      { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
    ) {
      return new Promise<Answer & { socket: net.Socket }>((resolve, reject) => {
        const request = http.request(`${url}${path}`, { method, agent, headers }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: text,
              socket: request.socket as net.Socket,
            }),
          );
        });
        request.on("socket", (socket) => sockets.add(socket as net.Socket));
        request.on("error", reject);
        if (body !== undefined) {
          request.setHeader("content-type", "application/json");
          request.end(JSON.stringify(body));
        } else request.end();
      });
    },
    /** The local ports of the TCP connections used so far: one if the connection was kept throughout. */
    ports: () => new Set([...sockets].map((s) => s.localPort)),
    close: () => agent.destroy(),
  };
}

/** The API reader processes this test process started (children running server/apiReader/readerMain.ts). */
function readerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (parent === process.pid && command.includes("readerMain.ts")) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/**
 * GETs `urls` from another process on one keep-alive connection, the first before this process's
 * thread is held, the others while it is held by a synchronous loop that waits for their answers:
 * those can only come from a server in another process (this one runs the collaboration server).
 */
async function answersWhileThisThreadIsBusy(urls: string[]): Promise<{ status: number; body: string }[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "data-patch-busy-"));
  const [go, out] = [path.join(dir, "go"), path.join(dir, "answers.json")];
  const script = `
    import http from "node:http"; import { existsSync, renameSync, writeFileSync } from "node:fs";
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url) => new Promise((resolve, reject) => http.get(url, { agent }, (r) => {
      let body = ""; r.setEncoding("utf8"); r.on("data", (c) => { body += c; }); r.on("end", () => resolve({ status: r.statusCode, body }));
    }).on("error", reject));
    const urls = ${JSON.stringify(urls)};
    await get(urls[0]);
    process.stdout.write("connected\\n");
    while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 10));
    const answers = [];
    for (const url of urls.slice(1)) answers.push(await get(url));
    writeFileSync(${JSON.stringify(`${out}.part`)}, JSON.stringify(answers));
    renameSync(${JSON.stringify(`${out}.part`)}, ${JSON.stringify(out)});`;
  const client = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("connected")) resolve();
      });
      client.once("exit", (code) => reject(new Error(`the client exited (${code}) before connecting`)));
    });
    writeFileSync(go, "");
    // Held: this thread sleeps 5 ms at a time until the answers are written (20 s at most).
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 20_000;
    while (!existsSync(out) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 5);
    expect(existsSync(out), "answered while the collaboration thread was held").toBe(true);
    return JSON.parse(readFileSync(out, "utf8")) as { status: number; body: string }[];
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The API reader process: /api/v1 reads served off the collaboration thread, everything else passed back. */
describe("API reader process", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let dataset: DatasetSummary;
  let writeToken: string;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, {
      API_READER_PROCESS: "true",
      SNAPSHOT_DELAY_MS: "20",
      AUTH_ATTEMPTS_PER_MINUTE: "2",
    });
    ({ cookie } = await createUserSession(data.dir));
    dataset = await createDatasetViaApi(
      server,
      { title: "Help points", columns: [{ name: "Name" }] },
      { cookie, openness: "public-read" },
    );
    const created = await fetch(`${server.url}/api/account/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ name: "partner app", scope: "write", datasetIds: [dataset.id] }),
    });
    writeToken = ((await created.json()) as { token: string }).token;
    await server.apiReaderReady?.();
    await waitFor(async () =>
      expect((await fetch(`${server.url}/api/v1/datasets/${dataset.id}/rows`)).status).toBe(200),
    );
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("answers /api/v1 reads and the catalogue on a kept connection while the collaboration thread is held", async () => {
    const [rows, described, catalog] = await answersWhileThisThreadIsBusy([
      `${server.url}/api/v1/datasets`,
      `${server.url}/api/v1/datasets/${dataset.id}/rows?limit=25`,
      `${server.url}/api/v1/datasets/${dataset.id}`,
      `${server.url}/catalog.jsonld`,
    ]);
    expect(rows?.status).toBe(200);
    expect((JSON.parse(rows?.body ?? "") as RowsPage).rows).toEqual([]);
    expect((JSON.parse(described?.body ?? "") as ApiDataset).title).toBe("Help points");
    expect(catalog?.status).toBe(200);
    expect(catalog?.body).toContain(dataset.id);
  });

  it("gives the same answers as the collaboration process: OpenAPI document, dataset, rows", async () => {
    const viaReader = connection(server.url);
    const viaMain = connection(server.url);
    try {
      expect((await viaMain.send("GET", "/api/health")).status).toBe(200); // this connection stays in the main process
      for (const path of [
        "/api/v1/openapi.json",
        `/api/v1/datasets/${dataset.id}`,
        `/api/v1/datasets/${dataset.id}/rows`,
      ]) {
        const [reader, main] = [await viaReader.send("GET", path), await viaMain.send("GET", path)];
        expect(reader.status, path).toBe(200);
        expect(JSON.parse(reader.body), path).toEqual(JSON.parse(main.body));
        expect(reader.headers["access-control-allow-origin"]).toBe("*");
      }
      expect(viaReader.ports().size).toBe(1);
      expect(viaMain.ports().size).toBe(1);
    } finally {
      viaReader.close();
      viaMain.close();
    }
  });

  it("passes everything else asked on its connections to the collaboration process: writes, the app's API", async () => {
    const client = connection(server.url);
    try {
      expect((await client.send("GET", `/api/v1/datasets/${dataset.id}`)).status).toBe(200);
      const described = (await fetch(`${server.url}/api/v1/datasets/${dataset.id}`).then((r) =>
        r.json(),
      )) as ApiDataset;
      const name = described.columns[0]?.id as string;
      const written = await client.send("POST", `/api/v1/datasets/${dataset.id}/rows`, {
        headers: { authorization: `Bearer ${writeToken}` },
        body: { rows: [{ cells: { [name]: "Médiathèque" } }] },
      });
      expect(written.status).toBe(201);
      const account = await client.send("GET", "/api/account", { headers: { cookie } });
      expect(account.status).toBe(200);
      expect(client.ports().size).toBe(1);
      await waitFor(async () => {
        const page = await client.send("GET", `/api/v1/datasets/${dataset.id}/rows`);
        expect((JSON.parse(page.body) as RowsPage).rows.map((r) => r.cells[name])).toEqual(["Médiathèque"]);
      });
      // The token's use is recorded although the reader's storage cannot write.
      await waitFor(async () => {
        const listed = await fetch(`${server.url}/api/account/tokens`, { headers: { cookie } });
        const { tokens } = (await listed.json()) as { tokens: { lastUsedAt: string | null }[] };
        expect(tokens[0]?.lastUsedAt).not.toBeNull();
      });
    } finally {
      client.close();
    }
  });

  it("keeps each client's own address for what it passes on: limits count the client, not the reader", async () => {
    const signIn = { email: "nobody@example.test", password: "wrong password" };
    const viaReader = connection(server.url, "127.0.0.2");
    const direct = connection(server.url, "127.0.0.2");
    const neighbour = connection(server.url, "127.0.0.3");
    try {
      expect((await viaReader.send("GET", `/api/v1/datasets/${dataset.id}`)).status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await viaReader.send("POST", "/api/auth/sign-in", { headers: { origin: server.url }, body: signIn })).status,
        );
      expect(statuses).toEqual([401, 401, 429]); // AUTH_ATTEMPTS_PER_MINUTE=2
      expect(viaReader.ports().size).toBe(1);
      // The same address on a connection of its own is the same client; another address is not.
      expect(
        (await direct.send("POST", "/api/auth/sign-in", { headers: { origin: server.url }, body: signIn })).status,
      ).toBe(429);
      expect(
        (await neighbour.send("POST", "/api/auth/sign-in", { headers: { origin: server.url }, body: signIn })).status,
      ).toBe(401);
    } finally {
      viaReader.close();
      direct.close();
      neighbour.close();
    }
  });

  it("keeps one /api/v1 budget per client across both processes", async () => {
    const other = tempDataDir();
    const limited = await startTestServer(other.dir, { API_READER_PROCESS: "true", API_REQUESTS_PER_MINUTE: "4" });
    const viaReader = connection(limited.url, "127.0.0.4");
    const viaMain = connection(limited.url, "127.0.0.4");
    try {
      await limited.apiReaderReady?.();
      const remaining = async (client: ReturnType<typeof connection>) => {
        const answer = await client.send("GET", "/api/v1/datasets");
        return answer.status === 200 ? Number(answer.headers["ratelimit-remaining"]) : answer.status;
      };
      expect((await viaMain.send("GET", "/api/health")).status).toBe(200); // this connection stays in the main process
      expect([await remaining(viaReader), await remaining(viaMain), await remaining(viaReader)]).toEqual([3, 2, 1]);
      expect([await remaining(viaMain), await remaining(viaMain), await remaining(viaReader)]).toEqual([0, 429, 429]);
    } finally {
      viaReader.close();
      viaMain.close();
      await limited.close();
      other.remove();
    }
  });

  it("passes a WebSocket upgrade on its connection to the collaboration server", async () => {
    const socket = net.connect(Number(new URL(server.url).port), "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    try {
      socket.write(`GET /api/v1/datasets/${dataset.id} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await waitFor(() => expect(received).toContain('"title":"Help points"'));
      received = "";
      socket.write(
        "GET /collab HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
      await waitFor(() => expect(received).toMatch(/^HTTP\/1\.1 101 /));
      expect(received).toContain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    } finally {
      socket.destroy();
    }
  });

  it("loses no request a client sends while its connection is on the way to the reader (pipelining)", async () => {
    const [reader] = readerPids();
    const socket = net.connect(Number(new URL(server.url).port), "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    const answers = () => received.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    // Stopped, the reader cannot acknowledge the connection: it stays on the way for as long as we like.
    process.kill(reader as number, "SIGSTOP");
    try {
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.write(`GET /api/v1/datasets/${dataset.id} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received, "the first request went to the (stopped) reader").toBe("");
      socket.write(`GET /api/v1/datasets/${dataset.id}/rows HTTP/1.1\r\nHost: x\r\n\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.kill(reader as number, "SIGCONT");
    }
    try {
      await waitFor(() => expect(answers()).toBe(2));
      expect(received).toContain('"title":"Help points"');
      expect(received).toContain('"rows":[');
    } finally {
      socket.destroy();
    }
  });

  it("survives clients that reset their connections right after asking (both processes)", async () => {
    const [reader] = readerPids();
    const port = Number(new URL(server.url).port);
    await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<void>((resolve) => {
            const socket = net.connect(port, "127.0.0.1", () => {
              socket.write(`GET /api/v1/datasets/${dataset.id}/rows HTTP/1.1\r\nHost: x\r\n\r\n`);
              setImmediate(() => socket.resetAndDestroy());
            });
            socket.on("error", () => undefined).on("close", () => resolve());
          }),
      ),
    );
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/datasets/${dataset.id}`)).status).toBe(200);
    expect(readerPids()).toEqual([reader]);
  });

  it("is started again when it dies, and the collaboration process answers meanwhile", async () => {
    const [pid] = readerPids();
    expect(pid).toBeDefined();
    process.kill(pid as number, "SIGKILL");
    await waitFor(() => expect(readerPids()).not.toContain(pid));
    // Served all along: by this process until a new reader is ready, then by the new reader.
    const answered = await fetch(`${server.url}/api/v1/datasets/${dataset.id}`);
    expect(answered.status).toBe(200);
    await waitFor(() => expect(readerPids().filter((p) => p !== pid)).toHaveLength(1), 20_000);
    await server.apiReaderReady?.();
    const [again] = await answersWhileThisThreadIsBusy([
      `${server.url}/api/v1/datasets`,
      `${server.url}/api/v1/datasets`,
    ]);
    expect(again?.status).toBe(200);
  });

  it("ends quietly when the server is killed while the reader starts", async () => {
    const other = tempDataDir();
    try {
      const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../main.ts")], {
        env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: other.dir, LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let errors = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        errors += chunk;
      });
      const stderrClosed = new Promise<void>((resolve) => child.stderr.once("close", () => resolve()));
      await new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("running at")) resolve();
        }),
      );
      child.kill("SIGKILL");
      await stderrClosed; // the reader holds the same stderr: closed once it has exited too
      expect(errors).toBe("");
    } finally {
      other.remove();
    }
  });

  it("removes the private directory a killed server left behind when the next one starts", async () => {
    const [first, second] = [tempDataDir(), tempDataDir()];
    const leftBy = (pid: number | undefined) =>
      readdirSync(os.tmpdir()).filter((name) => name.startsWith(`data-patch-reader-${pid}-`));
    try {
      const killed = spawn(process.execPath, [path.resolve(import.meta.dirname, "../main.ts")], {
        env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: first.dir, LOG_LEVEL: "silent" },
        stdio: "ignore",
      });
      await waitFor(() => expect(leftBy(killed.pid)).toHaveLength(1), 20_000);
      const exited = new Promise((resolve) => killed.once("exit", resolve));
      killed.kill("SIGKILL");
      await exited;
      expect(leftBy(killed.pid)).toHaveLength(1);
      const next = await startTestServer(second.dir, { API_READER_PROCESS: "true" });
      try {
        expect(leftBy(killed.pid)).toEqual([]);
        expect(leftBy(process.pid)).toHaveLength(2); // this process's servers' own, kept
      } finally {
        await next.close();
      }
    } finally {
      first.remove();
      second.remove();
    }
  });

  it("stops with the server", async () => {
    const other = tempDataDir();
    const second = await startTestServer(other.dir, { API_READER_PROCESS: "true" });
    try {
      await second.apiReaderReady?.();
      const before = readerPids();
      await second.close();
      await waitFor(() => expect(readerPids().length).toBe(before.length - 1));
    } finally {
      other.remove();
    }
  });
});
