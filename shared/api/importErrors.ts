/**
 * Why a file or link cannot be imported, as a code and the values its sentence names, so that the
 * client says it in the reader's language (`import.reasons.<code>` in client/locales). The server
 * keeps an English message beside it for scripts and logs.
 */
import { z } from "zod";

/** Every code an ImportError takes (server/import/importError.ts): each one has a sentence in every language. */
export const importErrorCodes = [
  "bad-column",
  "bad-data-package",
  "bad-header-row",
  "bad-json",
  "bad-link",
  "bad-mapping",
  "bad-table-schema",
  "cell-too-long",
  "dataset-changed",
  "duplicate-key",
  "empty-file",
  "empty-key",
  "file-too-large",
  "forbidden",
  "link-failed",
  "link-is-a-page",
  "link-refused",
  "link-timeout",
  "no-dataset",
  "no-key-column",
  "no-key-in-file",
  "no-such-sheet",
  "not-a-table",
  "not-a-workbook",
  "not-text",
  "old-excel",
  "too-many-columns",
  "too-many-jobs",
  "too-many-rows",
  "unknown-encoding",
  "zip-too-large",
] as const;
export type ImportErrorCode = (typeof importErrorCodes)[number];

export const isImportErrorCode = (code: unknown): code is ImportErrorCode =>
  (importErrorCodes as readonly unknown[]).includes(code);

/**
 * The values a reason's sentence names (line, column, counts, names, sizes…); `context` picks one of
 * a code's wordings (i18next contexts: `empty-file_sheet`).
 */
export type ImportErrorParams = Record<string, string | number>;

export const importErrorReasonSchema = z
  .object({
    code: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({
    id: "ErrorReason",
    description:
      "Why a file or link cannot be imported: a stable code and the values its message names, for clients to word it in their language.",
  });
export type ImportErrorReason = { code: ImportErrorCode; params: ImportErrorParams };
