/**
 * A Frictionless data package (Data Package v2): a zip of `datapackage.json` — the dataset's
 * title, description, licence and source, and one table resource with its Table Schema — and the
 * data as `data.csv` (UTF-8 without BOM, formulas kept: it is for machines), streamed.
 */
import { PassThrough, type Readable } from "node:stream";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { licenceOf } from "../../shared/dataset/index.ts";
import { tableSchemaOf } from "../import/tableSchema.ts";
import { csvChunks } from "./csvExport.ts";
import type { ExportTable } from "./table.ts";

/** A Data Package name: lower case letters, digits, `-`, `_` and `.`. */
export const packageName = (title: string) =>
  title
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "") || "dataset";

/** The licence as Data Package v2 has it: an id (`name`) and/or a URL (`path`), with its title. */
function licenceEntry(meta: ExportTable["meta"]) {
  const { known, title, url } = licenceOf(meta);
  if (!title && !url) return null;
  const name = known?.id ?? (url ? null : packageName(title));
  return { ...(name ? { name } : {}), ...(url ? { path: url } : {}), title: known?.title ?? title };
}

export function dataPackageDescriptor(table: ExportTable) {
  const { title, description, source } = table.meta;
  const licence = licenceEntry(table.meta);
  return {
    $schema: "https://datapackage.org/profiles/2.0/datapackage.json",
    name: packageName(title),
    title,
    ...(description ? { description } : {}),
    ...(licence ? { licenses: [licence] } : {}),
    ...(source ? { sources: [{ title: source }] } : {}),
    created: new Date().toISOString(),
    resources: [
      {
        name: "data",
        type: "table",
        path: "data.csv",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        dialect: { delimiter: ",", header: true },
        schema: tableSchemaOf(table.columns),
      },
    ],
  };
}

export function dataPackageStream(table: ExportTable): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) return void out.destroy(error);
    out.write(Buffer.from(chunk));
    if (final) out.end();
  });
  const descriptor = new ZipPassThrough("datapackage.json");
  zip.add(descriptor);
  descriptor.push(new TextEncoder().encode(`${JSON.stringify(dataPackageDescriptor(table), null, 2)}\n`), true);
  const data = new ZipDeflate("data.csv", { level: 6 });
  zip.add(data);
  const encoder = new TextEncoder();
  for (const chunk of csvChunks(table, { formulas: "keep" })) data.push(encoder.encode(chunk));
  data.push(new Uint8Array(0), true);
  zip.end();
  return out;
}
