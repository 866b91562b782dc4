import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportPreview } from "../../shared/api/imports.ts";
import { dataFile } from "../import/testing/data.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

describe("import from a link", () => {
  let files: Server;
  let filesUrl: string;
  const servers: { server: TestServer; data: ReturnType<typeof tempDataDir>; cookie: string }[] = [];
  const start = async (env: Record<string, string>) => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir, env);
    const { cookie } = await createUserSession(data.dir);
    const entry = { server, data, cookie };
    servers.push(entry);
    return entry;
  };
  const link = ({ server, cookie }: { server: TestServer; cookie: string }, url: string) =>
    fetch(`${server.url}/api/imports/link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ url, locale: "fr" }),
    });

  beforeAll(async () => {
    files = createServer((req, res) => {
      if (req.url === "/bfc.csv")
        return void res
          .writeHead(200, { "content-type": "text/csv" })
          .end(dataFile("places/bfc-ternum/csv/bfc-ternum-dataset.csv"));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const { server, data } of servers) {
      await server.close();
      data.remove();
    }
    await new Promise<void>((resolve) => files.close(() => resolve()));
  });

  it("by default, links to the server's own network are refused", async () => {
    const instance = await start({});
    for (const url of [`${filesUrl}/bfc.csv`, "https://127.0.0.1/x.csv", "https://169.254.169.254/latest/meta-data/"]) {
      const response = await link(instance, url);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { message: string }).message).toMatch(
        /^Only https links|cannot be fetched: .* is a/,
      );
    }
  });

  it("with IMPORT_ALLOW_LOCAL_ADDRESSES (tests only), a loopback file is fetched and previewed", async () => {
    const instance = await start({ IMPORT_ALLOW_LOCAL_ADDRESSES: "true" });
    const response = await link(instance, `${filesUrl}/bfc.csv`);
    expect(response.status).toBe(201);
    const preview = (await response.json()) as ImportPreview;
    expect(preview).toMatchObject({ fileName: "bfc.csv", format: "csv", rowCount: 697 });
    // Metadata addresses stay refused even then.
    expect((await link(instance, "http://169.254.169.254/latest/meta-data/")).status).toBe(422);
  });

  it("link fetches are limited per account and per client address, with Retry-After", async () => {
    const instance = await start({ IMPORT_ALLOW_LOCAL_ADDRESSES: "true", IMPORT_LINKS_PER_HOUR: "2" });
    const other = await createUserSession(instance.data.dir);
    // From a given loopback address (127.0.0.2 is another client to the server).
    const linkFrom = (localAddress: string, cookie: string) =>
      new Promise<{ status: number; retryAfter: string | undefined; body: { error?: string; message?: string } }>(
        (resolve, reject) => {
          const body = JSON.stringify({ url: `${filesUrl}/missing.csv` });
          const request = httpRequest(
            `${instance.server.url}/api/imports/link`,
            {
              method: "POST",
              localAddress,
              headers: { "content-type": "application/json", origin: instance.server.url, cookie },
            },
            (response) => {
              let text = "";
              response.on("data", (chunk) => (text += chunk));
              response.on("end", () =>
                resolve({
                  status: response.statusCode ?? 0,
                  retryAfter: response.headers["retry-after"] as string | undefined,
                  body: JSON.parse(text),
                }),
              );
            },
          );
          request.on("error", reject);
          request.end(body);
        },
      );
    // Failed fetches count too: each one made the server reach out.
    expect((await linkFrom("127.0.0.1", instance.cookie)).status).toBe(422);
    expect((await linkFrom("127.0.0.1", instance.cookie)).status).toBe(422);
    const refused = await linkFrom("127.0.0.1", instance.cookie);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("too-many-requests");
    expect(refused.body.message).toMatch(/2 per hour\. Try again in \d+ minutes?/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(3000);
    // The same person from another address: their own budget is spent.
    expect((await linkFrom("127.0.0.2", instance.cookie)).status).toBe(429);
    // Another person from the first address: that address's budget is spent.
    expect((await linkFrom("127.0.0.1", other.cookie)).status).toBe(429);
    // Another person from another address fetches.
    expect((await linkFrom("127.0.0.3", other.cookie)).status).toBe(422);
    // Uploading a file is not limited by it.
    const upload = await fetch(`${instance.server.url}/api/imports?fileName=a.csv`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", origin: instance.server.url, cookie: instance.cookie },
      body: "a,b\n1,2\n",
    });
    expect(upload.status).toBe(201);
  });
});
