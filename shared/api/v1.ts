/**
 * The public REST API (/api/v1): request and answer schemas, defined once. The server validates
 * requests and its own answers with them and generates the OpenAPI document from them
 * (server/api/v1/openapi.ts); clients can import the types.
 */
import { z } from "zod";
import { updateFrequencies } from "../dataset/openData.ts";
import { columnTypes } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { opennessLevels, roles } from "../rights.ts";
import { errorCodes } from "./errorCodes.ts";
import { importErrorReasonSchema } from "./importErrors.ts";
import { type ProposalErrorCode, proposalErrorCodes } from "./proposals.ts";

/** Row writes filed as proposals may answer the proposals' own codes too (`too-many-proposals`). */
const v1ErrorCodes = [...errorCodes, ...(Object.keys(proposalErrorCodes) as ProposalErrorCode[])];

export const apiErrorSchema = z
  .object({ error: z.enum(v1ErrorCodes), message: z.string(), reason: importErrorReasonSchema.optional() })
  .meta({
    id: "Error",
    description:
      "Every error answer. `error` is one of a fixed list of codes; `reason` comes only with the import routes' errors.",
  });

export const cellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]).meta({
  id: "CellValue",
  description: "Text, a finite number, true/false, or null (empty). Dates are YYYY-MM-DD text.",
});

export const columnSchema = z
  .object({
    id: z.string().meta({ description: "Stable column id (names can change); cells are keyed by it." }),
    name: z.string(),
    type: z.enum(columnTypes),
    description: z.string(),
    choices: z.array(z.string()),
  })
  .meta({ id: "Column" });
export type SnapshotColumn = z.infer<typeof columnSchema>;

export const metaSchema = z
  .object({
    title: z.string(),
    description: z.string(),
    source: z.string(),
    licence: z.string().meta({ description: "The licence's title, as the dataset gives it." }),
    licenceUrl: z.string().meta({ description: "The licence's URL, as the dataset gives it (may be empty)." }),
    keywords: z.string().meta({ description: "Comma-separated." }),
    frequency: z.union([z.enum(updateFrequencies), z.literal("")]).meta({
      description: "How often the data is updated: a code of the EU frequency vocabulary, or empty.",
    }),
    spatial: z.string().meta({ description: "The place the data covers, in words." }),
    spatialUri: z.string().meta({ description: "That place's URI (a gazetteer entry), or empty." }),
  })
  .meta({ id: "DatasetMeta" });

const cells = z.record(z.string(), cellValueSchema);
export const rowSchema = z.object({ id: z.string(), cells }).meta({ id: "Row" });
export type ApiRow = z.infer<typeof rowSchema>;

export const snapshotDocumentSchema = z
  .object({
    datasetId: z.string(),
    version: z.string().meta({ description: "The snapshot's version, also its ETag." }),
    builtAt: z.iso.datetime(),
    meta: metaSchema,
    columns: z.array(columnSchema),
    rows: z.array(rowSchema),
  })
  .meta({ id: "Snapshot", description: "A dataset's published data: metadata, columns in order, live rows in order." });
export type SnapshotDocument = z.infer<typeof snapshotDocumentSchema>;

export const datasetSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    source: z.string(),
    licence: z.string().meta({ description: "The licence's title (empty when none is given)." }),
    licenceUrl: z.string().nullable().meta({
      description: "The licence's URL: the one given, else the known open licence's (null when unknown).",
    }),
    keywords: z.array(z.string()),
    frequency: z
      .enum(updateFrequencies)
      .nullable()
      .meta({ description: "How often the data is updated, a code of the EU frequency vocabulary." }),
    frequencyUri: z
      .string()
      .nullable()
      .meta({ description: "http://publications.europa.eu/resource/authority/frequency/<code>" }),
    spatial: z
      .object({ label: z.string(), uri: z.string().nullable() })
      .nullable()
      .meta({ description: "The place the data covers, in words, with its URI when given." }),
    catalogId: z.string().meta({
      description: "The dataset's stable identifier in the DCAT catalogue (/catalog.jsonld): its URL, never reused.",
    }),
    openness: z.enum(opennessLevels),
    role: z.enum(roles).nullable().meta({ description: "What the caller may do (shared/rights.ts)." }),
    createdAt: z.string(),
    updatedAt: z.string(),
    columns: z.array(columnSchema),
    snapshot: z
      .object({
        version: z.string(),
        builtAt: z.string(),
        rowCount: z.number().int(),
        json: z.string(),
        csv: z.string(),
        geojson: z.string().nullable(),
      })
      .nullable()
      .meta({ description: "The published snapshot and its downloads; null until it is first built." }),
  })
  .meta({ id: "Dataset" });
export type ApiDataset = z.infer<typeof datasetSchema>;

export const datasetListSchema = z.object({ datasets: z.array(datasetSchema) }).meta({ id: "DatasetList" });

export const datasetParamsSchema = z.object({ id: z.string().meta({ description: "Dataset id" }) });
export const rowParamsSchema = z.object({ id: z.string(), rowId: z.string() });

export const filterOperators = ["eq", "ne", "contains", "gt", "gte", "lt", "lte", "empty", "notempty", "in"] as const;
export type FilterOperator = (typeof filterOperators)[number];

const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const rowsQuerySchema = z.object({
  filter: oneOrMany.optional().meta({
    description:
      "Repeatable, all must hold: `<column>:<op>:<value>` (a column id, or a name no other column has); op is eq, ne, contains (case-insensitive), gt, gte, lt, lte, empty, notempty (no value), in (comma-separated values, or a JSON array).",
  }),
  // A column's name may be as long as the schema allows, with `-` before it.
  sort: z
    .string()
    .max(limits.maxColumnNameChars + 1)
    .optional()
    .meta({
      description: "A column id or name, `-` first for descending; empty cells last. Default: the dataset's row order.",
    }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .max(4000)
    .optional()
    .meta({ description: "`nextCursor` of the previous page (same filter and sort)." }),
  fields: z
    .string()
    .max(4000)
    .optional()
    .meta({ description: "Comma-separated column ids (or names) to include in `cells`, which stay keyed by id." }),
});
export type RowsQuery = z.output<typeof rowsQuerySchema>;

export const rowsPageSchema = z
  .object({
    version: z.string().meta({ description: "The snapshot version the page was read from." }),
    total: z.number().int().meta({ description: "Rows matching the filters, on every page." }),
    rows: z.array(rowSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "RowsPage" });
export type RowsPage = z.infer<typeof rowsPageSchema>;

const newCells = z
  .record(z.string(), cellValueSchema)
  .refine((c) => Object.keys(c).length <= limits.maxColumns, "too many cells");
export const createRowsSchema = z
  .object({
    rows: z
      .array(z.object({ cells: newCells }))
      .min(1)
      .max(1000),
  })
  .meta({ id: "NewRows", description: "Rows appended at the end; values are checked against their column's type." });
export const updateRowSchema = z.object({ cells: newCells }).meta({ id: "RowPatch" });
export const createdRowsSchema = z.object({ rows: z.array(rowSchema) }).meta({ id: "CreatedRows" });

/** A write by a caller who may only propose (contributor, or anonymous where proposals are open): filed for review. */
export const proposalFiledSchema = z
  .object({
    proposal: z.object({
      id: z.string(),
      number: z.number().int().meta({ description: "The proposal's number in the dataset's queue (#number)." }),
      status: z.literal("open"),
    }),
    followUrl: z.string().meta({
      description: "The private page where the contributor follows the proposal (holds `token`: keep it private).",
    }),
    statusUrl: z.string().meta({
      description: "GET it with the header `Proposal-Token: <token>` for `{ proposal, review }` (docs/API.md).",
    }),
    token: z.string().meta({ description: "The proposal's private link capability (`dpp_…`), shown once." }),
    contributorToken: z.string().nullable().meta({
      description:
        "For an anonymous caller without a `Contributor-Token` header: a new contributor token (`dpc_…`), shown once; send it back to group later proposals.",
    }),
  })
  .meta({
    id: "ProposalFiled",
    description:
      "The change was filed as an open proposal for the dataset's moderators; the live data is unchanged until they accept it.",
  });
export type ProposalFiled = z.infer<typeof proposalFiledSchema>;
