/**
 * One entry for every format: the file's bytes and name in, a RawTable and what was detected out.
 * The format comes from the content (a zip is a workbook, `[` or `{` is JSON, text is CSV), except
 * that a name ending in .xlsx must be a workbook; old binary .xls and OpenDocument files are
 * refused with what to do instead.
 */
import { strFromU8, unzipSync } from "fflate";
import { type CsvOptions, readCsv } from "./csv.ts";
import type { Delimiter } from "./delimiter.ts";
import type { Encoding } from "./encoding.ts";
import { ImportError } from "./importError.ts";
import { readJson } from "./json.ts";
import type { RawTable } from "./table.ts";
import { parseTableSchema, type TableSchema } from "./tableSchema.ts";
import { readXlsx, type SheetInfo, type XlsxOptions } from "./xlsx.ts";
import { checkZip, isZip } from "./zipGuard.ts";

export const formats = ["csv", "xlsx", "json", "geojson"] as const;
export type Format = (typeof formats)[number];

export type ReadOptions = CsvOptions & Pick<XlsxOptions, "sheet" | "zipLimits"> & { fileName?: string };

export type ReadResult = {
  format: Format;
  table: RawTable;
  headerRow: number | null;
  csv?: { encoding: Encoding; delimiter: Delimiter };
  /** The Table Schema that came with the data (a data package's). */
  tableSchema?: TableSchema;
  xlsx?: { sheets: SheetInfo[]; sheet: number };
};

export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export async function readFile(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  if (bytes.length === 0) throw new ImportError("empty-file", "The file is empty.");
  if (bytes.length > MAX_FILE_BYTES)
    throw new ImportError("file-too-large", `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`, {
      maxMegabytes: MAX_FILE_BYTES / 1024 / 1024,
    });
  const extension = (options.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "") as string;
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw new ImportError(
      "old-excel",
      "This is an old Excel file (.xls): open it in a spreadsheet program and save it as .xlsx or CSV to import it.",
    );
  if (extension === "ods")
    throw new ImportError("not-a-workbook", "OpenDocument spreadsheets (.ods) are not read: save it as .xlsx or CSV.", {
      context: "ods",
    });
  if (isZip(bytes) && extension !== "xlsx") {
    const entries = checkZip(bytes, options.zipLimits);
    if (entries.includes("datapackage.json")) return readDataPackage(bytes, options);
  }
  if (isZip(bytes) || extension === "xlsx" || extension === "xlsm") {
    const table = await readXlsx(bytes, options);
    return { format: "xlsx", table, headerRow: table.headerRow, xlsx: { sheets: table.sheets, sheet: table.sheet } };
  }
  if (startsLikeJson(bytes) || extension === "json" || extension === "geojson") {
    const { format, ...table } = readJson(bytes);
    return { format, table, headerRow: 0 };
  }
  const table = readCsv(bytes, options);
  return {
    format: "csv",
    table,
    headerRow: table.headerRow,
    csv: { encoding: table.encoding, delimiter: table.delimiter },
  };
}

/** A Frictionless data package (zip): its first CSV resource, with the resource's Table Schema. */
function readDataPackage(bytes: Uint8Array, options: ReadOptions): ReadResult {
  const files = unzipSync(bytes, { filter: (file) => file.name === "datapackage.json" || file.name.endsWith(".csv") });
  let descriptor: { resources?: { path?: unknown; schema?: unknown; format?: unknown }[] };
  try {
    descriptor = JSON.parse(strFromU8(files["datapackage.json"] as Uint8Array));
  } catch {
    throw new ImportError("bad-data-package", "The data package's datapackage.json is not valid JSON.", {
      context: "json",
    });
  }
  const resource = descriptor.resources?.find((r) => typeof r.path === "string" && files[r.path as string]);
  if (!resource)
    throw new ImportError("bad-data-package", "The data package has no CSV resource to import.", {
      context: "noCsv",
    });
  const table = readCsv(files[resource.path as string] as Uint8Array, options);
  return {
    format: "csv",
    table,
    headerRow: table.headerRow,
    csv: { encoding: table.encoding, delimiter: table.delimiter },
    ...(resource.schema ? { tableSchema: parseTableSchema(resource.schema) } : {}),
  };
}

function startsLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b;
}

export { ImportError };
