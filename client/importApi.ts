/** The import and export API for the pages, typed with shared/api/imports.ts and exports.ts. */
import type { DatasetSummary } from "../shared/api/datasets.ts";
import type { ExportFormat, ExportQuery } from "../shared/api/exports.ts";
import type { ImportJob } from "../shared/api/importJobs.ts";
import type {
  ImportDatasetRequest,
  ImportPreview,
  ReadOptions,
  UpdateByKeyPreview,
  UpdateByKeyRequest,
  UpdateByKeyResult,
} from "../shared/api/imports.ts";
import { ApiRequestError } from "./api.ts";

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiRequestError(response.status, body.message ?? response.statusText);
  }
  return (await response.json()) as T;
}

const post = <T>(path: string, body: unknown) =>
  fetch(path, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then((r) => json<T>(r));

/** Sends a file with upload progress (fetch has none), resolving with its preview. */
export function uploadFile(file: File, locale: string, onProgress: (sent: number, total: number) => void) {
  return new Promise<ImportPreview>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports?fileName=${encodeURIComponent(file.name)}&locale=${encodeURIComponent(locale)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onload = () => {
      let body: { message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportPreview);
      else reject(new ApiRequestError(xhr.status, body.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiRequestError(0, "network error"));
    xhr.send(file);
  });
}

export const importApi = {
  fromLink: (url: string, locale: string) => post<ImportPreview>("/api/imports/link", { url, locale }),
  preview: (uploadId: string, options: ReadOptions) =>
    post<ImportPreview>(`/api/imports/${encodeURIComponent(uploadId)}/preview`, options),
  create: (uploadId: string, body: ImportDatasetRequest) =>
    post<DatasetSummary>(`/api/imports/${encodeURIComponent(uploadId)}/dataset`, body),
  updatePreview: (datasetId: string, body: UpdateByKeyRequest) =>
    post<UpdateByKeyPreview>(`/api/datasets/${encodeURIComponent(datasetId)}/import/preview`, body),
  update: (datasetId: string, body: UpdateByKeyRequest) =>
    post<UpdateByKeyResult>(`/api/datasets/${encodeURIComponent(datasetId)}/import`, body),
  /** The same two as jobs on the server, followed with `job` until they end. */
  startCreate: (uploadId: string, body: ImportDatasetRequest) =>
    post<ImportJob>(`/api/imports/${encodeURIComponent(uploadId)}/jobs`, body),
  startUpdate: (datasetId: string, body: UpdateByKeyRequest) =>
    post<ImportJob>(`/api/datasets/${encodeURIComponent(datasetId)}/import/jobs`, body),
  job: (jobId: string) =>
    fetch(`/api/import-jobs/${encodeURIComponent(jobId)}`, { headers: { accept: "application/json" } }).then((r) =>
      json<ImportJob>(r),
    ),
  jobsUnderway: () =>
    fetch("/api/import-jobs", { headers: { accept: "application/json" } }).then((r) => json<{ jobs: ImportJob[] }>(r)),
  cancelJob: (jobId: string) => post<ImportJob>(`/api/import-jobs/${encodeURIComponent(jobId)}/cancel`, {}),
};

export function exportUrl(datasetId: string, format: ExportFormat, query: ExportQuery = {}): string {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]);
  const search = params.size > 0 ? `?${params}` : "";
  return `/api/datasets/${encodeURIComponent(datasetId)}/export/${format}${search}`;
}
