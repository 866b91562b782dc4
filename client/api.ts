/** The datasets API, typed with the shapes in shared/api. */
import type { PublicUser } from "../shared/api/auth.ts";
import type { CreateDatasetRequest, DatasetDetails, DatasetSummary } from "../shared/api/datasets.ts";

export class ApiRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) },
  });
  if (!response.ok) {
    let message = response.statusText;
    try {
      message = ((await response.json()) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiRequestError(response.status, message);
  }
  return (await response.json()) as T;
}

export const api = {
  listDatasets: () => request<{ datasets: DatasetSummary[] }>("/api/datasets").then((r) => r.datasets),
  getDataset: (id: string) => request<DatasetDetails>(`/api/datasets/${encodeURIComponent(id)}`),
  /** The signed-in person, or null for an anonymous visitor (or when offline). */
  me: () =>
    request<{ user: PublicUser }>("/api/account").then(
      (r) => r.user,
      () => null,
    ),
  createDataset: (body: CreateDatasetRequest) =>
    request<DatasetSummary>("/api/datasets", { method: "POST", body: JSON.stringify(body) }),
};

/** The collaboration WebSocket URL of the server this page came from. */
export function collabUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}
