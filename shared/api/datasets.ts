/** Request and response shapes of the datasets API, shared by the server (validation) and the client. */
import { z } from "zod";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";

const text = (max: number) => z.string().trim().max(max);

export const newColumnSchema = z.object({
  name: text(limits.maxColumnNameChars).min(1),
  type: z.enum(columnTypes).default("text"),
  description: text(limits.maxMetaChars).optional(),
  choices: z.array(text(limits.maxColumnNameChars).min(1)).max(1000).optional(),
});

export const createDatasetSchema = z.object({
  title: text(limits.maxMetaChars).min(1),
  description: text(limits.maxMetaChars).optional(),
  source: text(limits.maxMetaChars).optional(),
  licence: text(limits.maxMetaChars).optional(),
  columns: z.array(newColumnSchema).max(limits.maxColumns).default([]),
});
export type CreateDatasetRequest = z.input<typeof createDatasetSchema>;

export type DatasetSummary = {
  id: string;
  title: string;
  description: string;
  /** The collaboration document to open for this dataset. */
  documentName: string;
  createdAt: string;
  updatedAt: string;
};

export type DatasetDetails = DatasetSummary & {
  source: string;
  licence: string;
  columns: { id: string; name: string; type: string; description: string; choices: string[] }[];
};

export type ApiError = { error: string; message: string };
