/** Sending a file to import, with upload progress (fetch has none), and the export downloads' links. */
import { type ExportFormat, type ExportQuery, exportApi } from "../shared/api/exports.ts";
import { importApi } from "../shared/api/imports.ts";
import type { Answer } from "../shared/api/route.ts";
import { ApiError, apiErrorOf, urlOf } from "./api.ts";

/** POSTs the file's bytes (`importApi.upload`), resolving with its preview as callApi would. */
export function uploadFile(file: File, locale: string, onProgress: (sent: number, total: number) => void) {
  return new Promise<Answer<typeof importApi.upload>>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(importApi.upload.method, urlOf(importApi.upload, {}, { fileName: file.name, locale }));
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300)
        return reject(apiErrorOf(xhr.status, xhr.statusText, xhr.responseText));
      try {
        // A file's first rows: a large answer, not checked again (see client/api.ts).
        resolve(JSON.parse(xhr.responseText));
      } catch {
        reject(new ApiError(xhr.status, "internal", "The server's answer could not be read."));
      }
    };
    xhr.onerror = () => reject(new TypeError("network error"));
    xhr.send(file);
  });
}

export function exportUrl(datasetId: string, format: ExportFormat, query: ExportQuery = {}): string {
  return urlOf(exportApi.download, { id: datasetId, format }, query);
}
