import { createServer, type Server } from "node:http";
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
});
