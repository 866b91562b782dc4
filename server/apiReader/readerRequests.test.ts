import { describe, expect, it } from "vitest";
import { connectionGoesToReader, readerServes } from "./readerRequests.ts";

const head = (text: string) => Buffer.from(text.replaceAll("\n", "\r\n"), "latin1");

describe("which connections the API reader process takes", () => {
  it("takes a complete read of /api/v1 or the catalogue, alone in its first chunk", () => {
    for (const target of [
      "/api/v1/datasets",
      "/api/v1/datasets/x/rows?limit=25",
      "/catalog.jsonld",
      "/catalog",
      "/catalog?page=2",
    ])
      expect(connectionGoesToReader(head(`GET ${target} HTTP/1.1\nHost: a\n\n`)), target).toBe(true);
    expect(connectionGoesToReader(head("HEAD /api/v1/datasets HTTP/1.1\nHost: a\n\n"))).toBe(true);
    expect(connectionGoesToReader(head("OPTIONS /api/v1/datasets/x/rows HTTP/1.1\nHost: a\n\n"))).toBe(true);
  });

  it("leaves writes, the app's API, pages and look-alike paths to the collaboration process", () => {
    for (const request of [
      "POST /api/v1/datasets/x/rows HTTP/1.1",
      "GET /api/datasets HTTP/1.1",
      "GET /api/v1 HTTP/1.1",
      "GET /catalogue HTTP/1.1",
      "GET /collab HTTP/1.1",
      "GET / HTTP/1.1",
      "GET /api/v1/datasets HTTP/2.0",
      "GET /api/v1/datasets",
    ])
      expect(connectionGoesToReader(head(`${request}\nHost: a\n\n`)), request).toBe(false);
  });

  it("leaves a request with a body, an upgrade, or anything after its head: bytes it would not have read", () => {
    expect(connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\nContent-Length: 2\n\n{}"))).toBe(false);
    expect(connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\ncontent-length: 0\n\n"))).toBe(false);
    expect(connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\nTransfer-Encoding: chunked\n\n"))).toBe(false);
    expect(connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\nUpgrade: websocket\n\n"))).toBe(false);
    expect(
      connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\nHost: a\n\nGET /api/account HTTP/1.1\nHost: a\n\n")),
    ).toBe(false);
    expect(connectionGoesToReader(head("GET /api/v1/datasets HTTP/1.1\nHost: a\n"))).toBe(false); // head not complete
  });

  it("serves, on a connection it holds, only reads of its own paths", () => {
    expect(readerServes("GET", "/api/v1/datasets/x")).toBe(true);
    expect(readerServes("PATCH", "/api/v1/datasets/x/rows/y")).toBe(false);
    expect(readerServes("GET", "/api/account")).toBe(false);
    expect(readerServes(undefined, undefined)).toBe(false);
  });
});
