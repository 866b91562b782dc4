/** Test data through the public API, as the browser would send it (same-origin header for the CSRF check). */
import type { CreateDatasetRequest, DatasetSummary } from "../../shared/api/datasets.ts";

export async function createDataset(baseUrl: string, body: CreateDatasetRequest): Promise<DatasetSummary> {
  const response = await fetch(`${baseUrl}/api/datasets`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl, "sec-fetch-site": "same-origin" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create dataset: ${response.status} ${await response.text()}`);
  return (await response.json()) as DatasetSummary;
}
