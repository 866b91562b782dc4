/** Request and response shapes of the datasets API, shared by the server (validation) and the client. */
import { z } from "zod";
import { isWebUrl, updateFrequencies } from "../dataset/openData.ts";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { opennessLevels, roles } from "../rights.ts";
import type { ImportErrorReason } from "./importErrors.ts";
import { route } from "./route.ts";

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

export const datasetSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The collaboration document to open for this dataset. */
  documentName: z.string(),
  openness: z.enum(opennessLevels),
  workspaceId: z.string().nullable(),
  /** The caller's effective role (null: none, e.g. a listing for an administrator); see shared/rights.ts. */
  role: z.enum(roles).nullable(),
  /** True when the role comes from the dataset's openness rather than membership. */
  viaOpenness: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const datasetDetailsSchema = datasetSummarySchema.extend({
  source: z.string(),
  licence: z.string(),
  licenceUrl: z.string(),
  keywords: z.string(),
  frequency: z.string(),
  spatial: z.string(),
  spatialUri: z.string(),
  columns: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      description: z.string(),
      choices: z.array(z.string()),
    }),
  ),
});
export type DatasetDetails = z.infer<typeof datasetDetailsSchema>;

/** Content of a dataset's document outside the schema, skipped by readers (owners only). */
export const datasetProblemsSchema = z.object({
  problems: z.array(
    z.object({ where: z.enum(["blocks", "cells", "columns", "meta"]), key: z.string(), reason: z.string() }),
  ),
  truncated: z.boolean(),
});
export type DatasetProblems = z.infer<typeof datasetProblemsSchema>;

/** The answer to a repair: the dataset at its new epoch, the rows kept, the problems left behind. */
export const datasetRepairSchema = z.object({ dataset: datasetSummarySchema, rows: z.number(), problems: z.number() });
export type DatasetRepair = z.infer<typeof datasetRepairSchema>;

export const datasetApi = {
  list: route({ method: "GET", path: "/api/datasets", answer: z.object({ datasets: z.array(datasetSummarySchema) }) }),
  get: route({ method: "GET", path: "/api/datasets/:id", answer: datasetDetailsSchema }),
  create: route({
    method: "POST",
    path: "/api/datasets",
    body: createDatasetSchema,
    answer: datasetSummarySchema,
    status: 201,
  }),
  setOpenness: route({
    method: "PATCH",
    path: "/api/datasets/:id/settings",
    body: datasetSettingsSchema,
    answer: datasetSummarySchema,
  }),
  move: route({
    method: "PUT",
    path: "/api/datasets/:id/workspace",
    body: moveDatasetSchema,
    answer: datasetSummarySchema,
  }),
  delete: route({ method: "DELETE", path: "/api/datasets/:id", answer: null }),
  problems: route({ method: "GET", path: "/api/datasets/:id/problems", answer: datasetProblemsSchema }),
  repair: route({ method: "POST", path: "/api/datasets/:id/repair", answer: datasetRepairSchema }),
};

/** Every error answer; `reason` says why a file or link cannot be imported (shared/api/importErrors.ts). */
export type ApiError = { error: string; message: string; reason?: ImportErrorReason };
