/**
 * Test data and people: signed-in people are made straight in the server's storage (accounts have
 * their own tests), datasets through the public API as their owner.
 */
import type { BrowserContext } from "playwright-core";
import { createDatasetViaApi, createUserSession } from "../../server/test/testServer.ts";
import type { CreateDatasetRequest, DatasetSummary } from "../../shared/api/datasets.ts";
import type { CellValue } from "../../shared/dataset/index.ts";
import type { Openness, Role } from "../../shared/rights.ts";
import type { TestServer } from "./server.ts";

/** `accountName`: the name the app shows for them (their email address before the @). */
export type Person = { name: string; cookie: string; id: string; accountName: string };

export async function createPerson(server: TestServer, name: string): Promise<Person> {
  const { user, cookie } = await createUserSession(server.dataDir, `${name.toLowerCase()}-${Date.now()}@example.test`);
  return { name, cookie, id: user.id, accountName: user.name };
}

/** Signs a browser context in as `person` (their session cookie). */
export async function signIn(context: BrowserContext, server: TestServer, person: Person): Promise<void> {
  const [name, value] = person.cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
}

/** Creates a dataset owned by `owner`, open to anyone for editing cells by default. */
export async function createDataset(
  server: TestServer,
  owner: Person,
  body: CreateDatasetRequest,
  openness: Openness = "public-edit",
): Promise<DatasetSummary> {
  return createDatasetViaApi(server, body, { openness, cookie: owner.cookie });
}

/** Changes who may do what without being a member (owner only). */
export async function setOpenness(server: TestServer, owner: Person, datasetId: string, openness: Openness) {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/settings`, {
    method: "PATCH",
    headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie },
    body: JSON.stringify({ openness }),
  });
  if (!response.ok) throw new Error(`settings: ${response.status} ${await response.text()}`);
}

/** Makes `member` a member of the dataset with `role` (owner only). */
export async function grantRole(server: TestServer, owner: Person, datasetId: string, member: Person, role: Role) {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/members/users/${member.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) throw new Error(`grant: ${response.status} ${await response.text()}`);
}

/** The values the server stores for a column, row by row in the stored order, as `person` reads them. */
export async function storedValues(
  server: TestServer,
  person: Person,
  datasetId: string,
  columnName: string,
): Promise<CellValue[]> {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/rows`, { headers: { cookie: person.cookie } });
  const body = (await response.json()) as {
    columns: { id: string; name: string }[];
    rows: { cells: Record<string, CellValue> }[];
  };
  const column = body.columns.find((c) => c.name === columnName);
  return body.rows.map((r) => (column ? (r.cells[column.id] ?? null) : null));
}

/** Uploads a CSV and starts importing it as a new dataset, without waiting: the import job's id. */
export async function startImportJob(server: TestServer, owner: Person, title: string, csv: string): Promise<string> {
  const headers = { cookie: owner.cookie, origin: server.url };
  const upload = await fetch(`${server.url}/api/imports?fileName=${encodeURIComponent(`${title}.csv`)}`, {
    method: "POST",
    headers: { ...headers, "content-type": "text/csv" },
    body: csv,
  });
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  const { uploadId } = (await upload.json()) as { uploadId: string };
  const started = await fetch(`${server.url}/api/imports/${uploadId}/jobs`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ title }),
  });
  if (started.status !== 202) throw new Error(`import failed: ${started.status} ${await started.text()}`);
  return ((await started.json()) as { id: string }).id;
}

export async function cancelImportJob(server: TestServer, owner: Person, jobId: string): Promise<{ state: string }> {
  const cancelled = await fetch(`${server.url}/api/import-jobs/${jobId}/cancel`, {
    method: "POST",
    headers: { cookie: owner.cookie, origin: server.url, "content-type": "application/json" },
    body: "{}",
  });
  if (!cancelled.ok) throw new Error(`cancel failed: ${cancelled.status} ${await cancelled.text()}`);
  return (await cancelled.json()) as { state: string };
}
