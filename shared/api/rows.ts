/**
 * The app's own rows routes, read from and written to the live document (for scripts and tests
 * with a session or a token; other sites use /api/v1, which reads the published snapshot).
 */
import { z } from "zod";
import { columnTypes } from "../dataset/schema.ts";
import { route } from "./route.ts";
import { cellValueSchema, rowSchema } from "./v1.ts";

export const cellEditsSchema = z.object({
  edits: z
    .array(z.object({ rowId: z.string().min(1), columnId: z.string().min(1), value: cellValueSchema }))
    .min(1)
    .max(10_000),
});

const liveColumnSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(columnTypes),
  position: z.string(),
  description: z.string(),
  choices: z.array(z.string()),
});

export const rowsApi = {
  /** Every live row in order, every cell keyed by column id (null when empty). */
  list: route({
    method: "GET",
    path: "/api/datasets/:id/rows",
    answer: z.object({ columns: z.array(liveColumnSchema), rows: z.array(rowSchema) }),
    large: true,
  }),
  /** Sets cells, all or nothing (`400 invalid-cells` listing each problem). */
  setCells: route({
    method: "PATCH",
    path: "/api/datasets/:id/cells",
    body: cellEditsSchema,
    answer: z.object({ updated: z.number().int() }),
  }),
};
