/** The export API's options, shared by server (validation) and client (links). */
import { z } from "zod";
import { route } from "./route.ts";

export const exportFormats = ["csv", "xlsx", "json", "geojson", "datapackage"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportQuerySchema = z.object({
  /** CSV: a byte-order mark so that Excel reads UTF-8 (on by default). */
  bom: z.enum(["true", "false"]).default("true"),
  delimiter: z.enum([",", ";", "\t", "|"]).default(","),
  /** CSV: `keep` writes text starting with = + - @ as it is, for machine consumers (neutralised by default). */
  formulas: z.enum(["neutralise", "keep"]).default("neutralise"),
});
export type ExportQuery = z.input<typeof exportQuerySchema>;

export const exportApi = {
  /**
   * The file, as an attachment (`:format` one of exportFormats; another answers 404). Not JSON:
   * the handler sends it, and pages link to it (urlOf) rather than fetch it.
   */
  download: route({
    method: "GET",
    path: "/api/datasets/:id/export/:format",
    query: exportQuerySchema,
    answer: null,
    status: 200,
  }),
};
