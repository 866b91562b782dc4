/**
 * The authorization matrix: every kind of person × every action × HTTP and WebSocket, from one
 * table written by hand (not computed from the code under test), each outcome asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { addColumns, DatasetView, insertRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import type { Openness, Role } from "../../shared/rights.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  whenAcknowledged,
} from "../test/testServer.ts";

type Who = "anonymous" | "stranger" | Role;
type Action =
  | "list"
  | "open"
  | "readCells"
  | "editCells"
  | "changeColumns"
  | "changeSettings"
  | "manageMembers"
  | "deleteDataset"
  | "apiRead"
  | "apiWrite";

const Y = true;
const N = false;
const columns: Action[] = [
  "list",
  "open",
  "readCells",
  "editCells",
  "changeColumns",
  "changeSettings",
  "manageMembers",
  "deleteDataset",
  "apiRead",
  "apiWrite",
];
// biome-ignore format: the table reads as a grid
const table: [Openness, Who, ...boolean[]][] = [
  //                                 list open read edit cols sett memb del  apiR apiW
  ["private",        "anonymous",    N,   N,   N,   N,   N,   N,   N,   N,   N,   N],
  ["private",        "stranger",     N,   N,   N,   N,   N,   N,   N,   N,   N,   N],
  ["private",        "reader",       Y,   Y,   Y,   N,   N,   N,   N,   N,   Y,   N],
  ["private",        "contributor",  Y,   Y,   Y,   N,   N,   N,   N,   N,   Y,   N],
  ["private",        "editor",       Y,   Y,   Y,   Y,   Y,   N,   N,   N,   Y,   Y],
  ["private",        "moderator",    Y,   Y,   Y,   Y,   Y,   N,   N,   N,   Y,   Y],
  ["private",        "owner",        Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ["public-read",    "anonymous",    Y,   Y,   Y,   N,   N,   N,   N,   N,   N,   N],
  ["public-read",    "stranger",     Y,   Y,   Y,   N,   N,   N,   N,   N,   Y,   N],
  ["public-propose", "anonymous",    Y,   Y,   Y,   N,   N,   N,   N,   N,   N,   N],
  ["public-propose", "stranger",     Y,   Y,   Y,   N,   N,   N,   N,   N,   Y,   N],
  ["public-edit",    "anonymous",    Y,   Y,   Y,   Y,   N,   N,   N,   N,   N,   N],
  ["public-edit",    "stranger",     Y,   Y,   Y,   Y,   N,   N,   N,   N,   Y,   Y],
  ["public-edit",    "reader",       Y,   Y,   Y,   Y,   N,   N,   N,   N,   Y,   Y],
];

describe("authorization matrix", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  const http = (path: string, init: { method?: string; body?: unknown; cookie?: string; token?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? "GET",
      headers: {
        origin: server.url,
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  /** A dataset with one row, opened to `openness`, and a person in the role `who` with their cookie and tokens. */
  async function scenario(openness: Openness, who: Who) {
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: `${openness} ${who}`, columns: [{ name: "Name" }] },
      { openness, cookie: owner.cookie },
    );
    const ownerClient = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
    const ownerView = new DatasetView(ownerClient.doc);
    const [name] = ownerView.columns().map((c) => c.id) as [ColumnId];
    const [row] = insertRows(ownerClient.doc, [{ cells: { [name]: "original" } }], ownerView.gapAtEnd(), "owner") as [
      RowId,
    ];
    await whenAcknowledged(ownerClient);
    ownerClient.provider.destroy();

    let cookie: string | undefined;
    let readToken: string | undefined;
    let writeToken: string | undefined;
    if (who !== "anonymous") {
      const person = who === "owner" ? owner : await createUserSession(data.dir);
      cookie = person.cookie;
      if (who !== "stranger" && who !== "owner") {
        const grant = await http(`/api/datasets/${dataset.id}/members/users/${person.user.id}`, {
          method: "PUT",
          body: { role: who },
          cookie: owner.cookie,
        });
        expect(grant.status).toBe(200);
      }
      const token = async (scope: "read" | "write") => {
        const response = await http("/api/account/tokens", {
          method: "POST",
          body: { name: scope, scope, datasetIds: [dataset.id] },
          cookie,
        });
        return ((await response.json()) as { token: string }).token;
      };
      readToken = await token("read");
      writeToken = await token("write");
    }
    const ownerCells = async () => {
      const response = await http(`/api/datasets/${dataset.id}/rows`, { cookie: owner.cookie });
      return ((await response.json()) as { rows: { cells: Record<string, unknown> }[] }).rows.map((r) => r.cells[name]);
    };
    const ownerColumnCount = async () =>
      ((await (await http(`/api/datasets/${dataset.id}`, { cookie: owner.cookie })).json()) as { columns: unknown[] })
        .columns.length;
    return { dataset, cookie, readToken, writeToken, name, row, ownerCells, ownerColumnCount };
  }

  type Scenario = Awaited<ReturnType<typeof scenario>>;
  const listed = async (s: Scenario) => {
    const response = await http("/api/datasets", { cookie: s.cookie });
    return ((await response.json()) as { datasets: DatasetSummary[] }).datasets.some((d) => d.id === s.dataset.id);
  };

  /** Opens the dataset over WebSocket as that person; null if refused. */
  async function connectAs(s: Scenario) {
    try {
      const client = await connectClient(server.wsUrl, s.dataset.documentName, undefined, { cookie: s.cookie });
      return { ...client, view: new DatasetView(client.doc) };
    } catch {
      return null;
    }
  }

  for (const [openness, who, ...expected] of table) {
    it(`${who} on a ${openness} dataset`, async () => {
      const allowed = Object.fromEntries(columns.map((action, i) => [action, expected[i]])) as Record<Action, boolean>;
      const s = await scenario(openness, who);
      const { dataset } = s;

      expect(await listed(s), "list over HTTP").toBe(allowed.list);

      const details = await http(`/api/datasets/${dataset.id}`, { cookie: s.cookie });
      expect(details.status, "open over HTTP").toBe(allowed.open ? 200 : 404);
      const ws = await connectAs(s);
      expect(ws !== null, "open over WebSocket").toBe(allowed.open);

      const rows = await http(`/api/datasets/${dataset.id}/rows`, { cookie: s.cookie });
      expect(rows.status, "read cells over HTTP").toBe(allowed.readCells ? 200 : 404);
      if (ws) expect(ws.view.row(s.row)?.cells[s.name], "read cells over WebSocket").toBe("original");

      const patch = await http(`/api/datasets/${dataset.id}/cells`, {
        method: "PATCH",
        body: { edits: [{ rowId: s.row, columnId: s.name, value: "via http" }] },
        cookie: s.cookie,
      });
      expect(patch.status, "edit cells over HTTP").toBe(allowed.editCells ? 200 : allowed.open ? 403 : 404);
      expect(await s.ownerCells()).toEqual([allowed.editCells ? "via http" : "original"]);

      if (ws) {
        expect(ws.provider.authorizedScope, "connection scope").toBe(allowed.editCells ? "read-write" : "readonly");
        setCells(ws.doc, [{ rowId: s.row, columnId: s.name, value: "via websocket" }], "test");
        if (allowed.editCells) {
          await whenAcknowledged(ws);
          expect(await s.ownerCells(), "edit cells over WebSocket").toEqual(["via websocket"]);
        }
        const closed = new Promise<string>((resolve) =>
          ws.provider.on("close", ({ event }: { event: { reason: string } }) => resolve(event.reason)),
        );
        addColumns(ws.doc, [{ name: "Extra" }], "test");
        if (allowed.changeColumns) {
          await whenAcknowledged(ws);
          expect(await s.ownerColumnCount(), "change columns over WebSocket").toBe(2);
        } else if (allowed.editCells) {
          expect(await closed, "change columns over WebSocket").toBe("forbidden");
        }
        ws.provider.destroy();
      }
      // A read-only connection's writes never reach the server.
      if (!allowed.editCells) expect(await s.ownerCells()).toEqual(["original"]);
      if (!allowed.changeColumns) expect(await s.ownerColumnCount()).toBe(1);

      if (who !== "anonymous") {
        const apiRead = await http(`/api/datasets/${dataset.id}/rows`, { token: s.readToken });
        expect(apiRead.status, "API read").toBe(allowed.apiRead ? 200 : 404);
        const apiWrite = await http(`/api/datasets/${dataset.id}/cells`, {
          method: "PATCH",
          body: { edits: [{ rowId: s.row, columnId: s.name, value: "via token" }] },
          token: s.writeToken,
        });
        expect(apiWrite.status, "API write").toBe(allowed.apiWrite ? 200 : allowed.apiRead ? 403 : 404);
        // A read token never writes, whatever the person may do.
        const readTokenWrite = await http(`/api/datasets/${dataset.id}/cells`, {
          method: "PATCH",
          body: { edits: [{ rowId: s.row, columnId: s.name, value: "x" }] },
          token: s.readToken,
        });
        expect(readTokenWrite.status).toBe(allowed.apiRead ? 403 : 404);
      }

      const settings = await http(`/api/datasets/${dataset.id}/settings`, {
        method: "PATCH",
        body: { openness },
        cookie: s.cookie,
      });
      expect(settings.status, "change settings").toBe(allowed.changeSettings ? 200 : allowed.open ? 403 : 404);
      const members = await http(`/api/datasets/${dataset.id}/members`, { cookie: s.cookie });
      expect(members.status, "manage members").toBe(allowed.manageMembers ? 200 : allowed.open ? 403 : 404);
      const deletion = await http(`/api/datasets/${dataset.id}`, { method: "DELETE", cookie: s.cookie });
      expect(deletion.status, "delete dataset").toBe(allowed.deleteDataset ? 204 : allowed.open ? 403 : 404);
      expect((await http(`/api/datasets/${dataset.id}/rows`, { cookie: s.cookie })).status).toBe(
        allowed.deleteDataset || !allowed.open ? 404 : 200,
      );
    });
  }
});
