/** Request and response shapes of the datasets API, shared by the server (validation) and the client. */
import { z } from "zod";
import { isWebUrl, updateFrequencies } from "../dataset/openData.ts";
import type { Problem } from "../dataset/problems.ts";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { type Openness, opennessLevels, type Role, roles } from "../rights.ts";

const text = (max: number) => z.string().trim().max(max);
const webUrl = text(limits.maxMetaChars).refine((url) => url === "" || isWebUrl(url), "must be an http(s) URL");

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
  /** The licence's title; with `licenceUrl`, its address (openLicences in shared/dataset/openData.ts lists the usual ones). */
  licence: text(limits.maxMetaChars).optional(),
  licenceUrl: webUrl.optional(),
  keywords: text(limits.maxMetaChars).optional(),
  frequency: z.enum(updateFrequencies).optional(),
  spatial: text(limits.maxMetaChars).optional(),
  spatialUri: webUrl.optional(),
  columns: z.array(newColumnSchema).max(limits.maxColumns).default([]),
  /** Defaults to the creator's own workspace. */
  workspaceId: z.string().min(1).max(100).optional(),
});

export const datasetSettingsSchema = z.object({ openness: z.enum(opennessLevels) });
export const moveDatasetSchema = z.object({ workspaceId: z.string().min(1).max(100) });
export const memberRoleSchema = z.object({ role: z.enum(roles) });
export const invitationSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  role: z.enum(roles),
});
export type CreateDatasetRequest = z.input<typeof createDatasetSchema>;

export type DatasetSummary = {
  id: string;
  title: string;
  description: string;
  /** The collaboration document to open for this dataset. */
  documentName: string;
  openness: Openness;
  workspaceId: string | null;
  /** The caller's effective role (null: none, e.g. a listing for an administrator); see shared/rights.ts. */
  role: Role | null;
  /** True when the role comes from the dataset's openness rather than membership. */
  viaOpenness: boolean;
  createdAt: string;
  updatedAt: string;
};

export type DatasetDetails = DatasetSummary & {
  source: string;
  licence: string;
  licenceUrl: string;
  keywords: string;
  frequency: string;
  spatial: string;
  spatialUri: string;
  columns: { id: string; name: string; type: string; description: string; choices: string[] }[];
};

/** Content of a dataset's document outside the schema, skipped by readers (owners only). */
export type DatasetProblems = { problems: Problem[]; truncated: boolean };

/** The answer to a repair: the dataset at its new epoch, the rows kept, the problems left behind. */
export type DatasetRepair = { dataset: DatasetSummary; rows: number; problems: number };

export type ApiError = { error: string; message: string };
