/**
 * Requests the server cannot read, and addresses it has no route for, answer in the API's own error
 * format and codes (shared/api/errorCodes.ts), never Fastify's words nor the app's HTML. A real
 * server, serving a client (an index.html of its own) as a built one would be.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "../../shared/api/errorCodes.ts";
import { type App, startApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { tempDataDir } from "../test/testServer.ts";
import { isApiPath } from "./errors.ts";

const APP_SHELL = "<!doctype html><title>the app shell</title>";

describe("answers to requests the API cannot take", () => {
  let data: ReturnType<typeof tempDataDir>;
  let app: App;

  beforeAll(async () => {
    data = tempDataDir();
    const clientDir = path.join(data.dir, "client");
    mkdirSync(clientDir);
    writeFileSync(path.join(clientDir, "index.html"), APP_SHELL);
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: data.dir, LOG_LEVEL: "silent" });
    app = await startApp({ ...config, clientDir });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const send = (route: string, body: string, contentType = "application/json") =>
    fetch(`${app.url}${route}`, {
      method: "POST",
      headers: { "content-type": contentType, origin: app.url },
      body,
    });

  async function expectError(response: Response, status: number, error: string, message: string | RegExp) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const answer = (await response.json()) as { error: string; message: string };
    expect(errorCodes).toContain(answer.error);
    expect(answer.error).toBe(error);
    if (typeof message === "string") expect(answer.message).toBe(message);
    else expect(answer.message).toMatch(message);
    expect(answer.message).not.toMatch(/content-type is set|FST_/i);
  }

  it("a malformed JSON body is invalid-request, in the API's words", async () => {
    for (const route of ["/api/auth/sign-in", "/api/datasets", "/api/auth/sign-up"]) {
      await expectError(
        await send(route, '{"email": "a@b.c",'),
        400,
        "invalid-request",
        "The request body is not valid JSON.",
      );
      await expectError(await send(route, "{bad"), 400, "invalid-request", "The request body is not valid JSON.");
    }
  });

  it("an empty JSON body is invalid-request, and says so", async () => {
    await expectError(
      await send("/api/auth/sign-in", ""),
      400,
      "invalid-request",
      "The request body is empty: send a JSON value.",
    );
  });

  it("a body of a type no route takes is unsupported-media-type, naming the type", async () => {
    await expectError(
      await send("/api/auth/sign-in", "<p>hello</p>", "text/html; charset=utf-8"),
      415,
      "unsupported-media-type",
      "A body of type text/html is not accepted here (most routes take application/json).",
    );
  });

  it("/api without a trailing slash, and unknown /api routes, are a JSON 404, not the app", async () => {
    for (const route of ["/api", "/api?x=1", "/api/", "/api/nope", "/api/nope/deeper?x=1", "/api/v1/nope"]) {
      const response = await fetch(`${app.url}${route}`);
      await expectError(response, 404, "not-found", /^no route GET \/api/);
    }
  });

  it("other pages are the app, for its own routes", async () => {
    for (const route of ["/datasets/abc", "/apiary", "/settings?tab=1"]) {
      const response = await fetch(`${app.url}${route}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(APP_SHELL);
    }
  });
});

describe("isApiPath", () => {
  it("is /api, its query, and what lies under /api/", () => {
    expect(["/api", "/api?x", "/api#x", "/api/", "/api/datasets"].filter(isApiPath)).toHaveLength(5);
    expect(["/", "/apiary", "/app/api", "/datasets/api"].filter(isApiPath)).toEqual([]);
  });
});
