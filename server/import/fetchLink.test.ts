import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusedAddress } from "../net/addressPolicy.ts";
import { fetchLink } from "./fetchLink.ts";
import { resolveLink } from "./linkUrl.ts";

describe("resolveLink", () => {
  it("turns a Google Sheets share link into the CSV export of the sheet it shows", () => {
    const { url } = resolveLink(
      "https://docs.google.com/spreadsheets/d/1AbC-dEf_1234567890xyz/edit?usp=sharing#gid=42",
    );
    expect(url.href).toBe("https://docs.google.com/spreadsheets/d/1AbC-dEf_1234567890xyz/export?format=csv&gid=42");
  });

  it("turns GitHub and GitLab file pages into raw files", () => {
    expect(resolveLink("https://github.com/multi-coop/data-bfc-ternum/blob/main/csv/bfc ternum.csv")).toMatchObject({
      url: new URL("https://raw.githubusercontent.com/multi-coop/data-bfc-ternum/main/csv/bfc%20ternum.csv"),
      fileName: "bfc ternum.csv",
    });
    expect(resolveLink("https://gitlab.com/group/sub/project/-/blob/v1.2/data/lieux.csv").url.href).toBe(
      "https://gitlab.com/group/sub/project/-/raw/v1.2/data/lieux.csv",
    );
  });

  it("keeps other https links, refuses other schemes and passwords", () => {
    expect(resolveLink("https://example.org/a/lieux.json#x").url.href).toBe("https://example.org/a/lieux.json");
    for (const bad of [
      "http://example.org/a.csv",
      "file:///etc/passwd",
      "ftp://x/y",
      "https://u:p@example.org/a.csv",
      "nope",
    ])
      expect(() => resolveLink(bad)).toThrow(expect.objectContaining({ code: "bad-link" }));
  });
});

describe("refusedAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::a9fe:a9fe",
    "2002:c0a8:0101::1",
  ])("%s is refused", (address) => {
    expect(refusedAddress(address)).not.toBeNull();
  });

  it("public addresses pass; local ones only with allowLocal, metadata never", () => {
    expect(refusedAddress("93.184.216.34")).toBeNull();
    expect(refusedAddress("2606:4700::1111")).toBeNull();
    expect(refusedAddress("127.0.0.1", { allowLocal: true })).toBeNull();
    expect(refusedAddress("169.254.169.254", { allowLocal: true })).not.toBeNull();
  });
});

describe("fetchLink against a loopback server", () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/data.csv") return void res.writeHead(200, { "content-type": "text/csv" }).end("a,b\n1,2\n");
      if (req.url === "/hop") return void res.writeHead(302, { location: "/data.csv" }).end();
      if (req.url === "/to-metadata")
        return void res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/to-name-of-loopback")
        return void res
          .writeHead(302, { location: `http://rebind.test:${(server.address() as AddressInfo).port}/data.csv` })
          .end();
      if (req.url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
      if (req.url === "/page") return void res.writeHead(200, { "content-type": "text/html" }).end("<html>");
      if (req.url === "/big") {
        res.writeHead(200, { "content-type": "text/csv" });
        res.write("x\n".repeat(40_000));
        return void res.end("x\n".repeat(40_000));
      }
      if (req.url === "/slow") return void setTimeout(() => res.writeHead(200).end("a\n1\n"), 2_000);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const local = { allowLocal: true };

  it("fetches a file, following redirects", async () => {
    const fetched = await fetchLink(new URL(`${base}/hop`), local);
    expect(Buffer.from(fetched.bytes).toString()).toBe("a,b\n1,2\n");
    expect(fetched.finalUrl.pathname).toBe("/data.csv");
  });

  it("refuses loopback, private and metadata addresses without connecting, by IP or by name", async () => {
    const before = seen.length;
    const port = (server.address() as AddressInfo).port;
    for (const url of [
      `https://127.0.0.1:${port}/data.csv`,
      `https://[::1]:${port}/data.csv`,
      `https://[::ffff:127.0.0.1]:${port}/data.csv`,
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/data.csv",
      `https://localhost:${port}/data.csv`,
    ])
      await expect(fetchLink(new URL(url), { timeoutMs: 5_000 })).rejects.toMatchObject({ code: "link-refused" });
    // A name whose DNS answer is private, checked where the socket connects (DNS rebinding).
    const rebinding = { resolve: async () => [{ address: "192.168.1.10", family: 4 }], timeoutMs: 5_000 };
    await expect(fetchLink(new URL("https://rebind.test/data.csv"), rebinding)).rejects.toMatchObject({
      code: "link-refused",
      message: expect.stringContaining("192.168.1.10"),
    });
    await expect(fetchLink(new URL(`${base}/data.csv`))).rejects.toMatchObject({ code: "link-refused" });
    expect(seen.length).toBe(before);
  });

  it("re-checks every redirect: to a metadata address, to a name resolving to loopback", async () => {
    await expect(fetchLink(new URL(`${base}/to-metadata`), local)).rejects.toMatchObject({ code: "link-refused" });
    // The first hop is allowed (local addresses on for the test); the name it redirects to is resolved again.
    const resolve = async (host: string) => [
      { address: host === "rebind.test" ? "169.254.169.254" : "127.0.0.1", family: 4 },
    ];
    await expect(fetchLink(new URL(`${base}/to-name-of-loopback`), { ...local, resolve })).rejects.toMatchObject({
      code: "link-refused",
    });
    await expect(fetchLink(new URL(`${base}/loop`), local)).rejects.toMatchObject({ code: "link-refused" });
  });

  it("limits size and time, and refuses web pages", async () => {
    await expect(fetchLink(new URL(`${base}/big`), { ...local, maxBytes: 100_000 })).rejects.toMatchObject({
      code: "file-too-large",
    });
    await expect(fetchLink(new URL(`${base}/slow`), { ...local, timeoutMs: 300 })).rejects.toMatchObject({
      code: "link-timeout",
    });
    await expect(fetchLink(new URL(`${base}/page`), local)).rejects.toMatchObject({ code: "link-is-a-page" });
    await expect(fetchLink(new URL(`${base}/missing`), local)).rejects.toMatchObject({ code: "link-failed" });
  });
});
