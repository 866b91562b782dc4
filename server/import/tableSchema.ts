/**
 * Frictionless Table Schema (v1 fields, as schema.data.gouv.fr and Datami publish them) in and out:
 * a schema given beside a file sets its columns' types, choices and descriptions; an export writes
 * one back from the dataset's columns.
 */
import type { Column, ColumnType } from "../../shared/dataset/index.ts";
import type { ColumnPlan } from "./convert.ts";
import { ImportError } from "./importError.ts";

export type TableSchemaField = {
  name: string;
  title?: string;
  description?: string;
  type?: string;
  format?: string;
  constraints?: { enum?: unknown[]; [key: string]: unknown };
};
export type TableSchema = { fields: TableSchemaField[]; [key: string]: unknown };

const LATITUDE = /^(lat|latitude)$/i;
const LONGITUDE = /^(lon|lng|long|longitude)$/i;

export function parseTableSchema(value: unknown): TableSchema {
  const fields = (value as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f?.name === "string"))
    throw new ImportError("bad-table-schema", "The Table Schema has no list of fields with names.");
  return value as TableSchema;
}

/** The column type a Table Schema field stands for. */
export function typeOfField(field: TableSchemaField): ColumnType {
  const enumValues = field.constraints?.enum;
  if (Array.isArray(enumValues) && enumValues.length > 0 && (field.type ?? "string") === "string") return "choice";
  switch (field.type) {
    case "number":
    case "integer":
      if (LATITUDE.test(field.name)) return "latitude";
      if (LONGITUDE.test(field.name)) return "longitude";
      return "number";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "string":
      if (field.format === "email") return "email";
      if (field.format === "uri") return "url";
      return "text";
    default:
      return "text";
  }
}

/** The plan with what the schema says of each column it names (matched by name, then by title). */
export function applyTableSchema(plans: ColumnPlan[], schema: TableSchema): ColumnPlan[] {
  return plans.map((plan) => {
    const field =
      schema.fields.find((f) => f.name === plan.name) ?? schema.fields.find((f) => f.title && f.title === plan.name);
    if (!field) return plan;
    const type = typeOfField(field);
    const description = [field.title, field.description].filter((t) => t && t !== plan.name).join(" — ");
    const choices = type === "choice" ? (field.constraints?.enum ?? []).map(String) : [];
    const { dateLocale: _, ...rest } = plan;
    return { ...rest, type, choices, ...(description ? { description } : {}) };
  });
}

/** A Table Schema describing the dataset's columns, for exports. */
export function tableSchemaOf(columns: readonly Column[]): TableSchema {
  return {
    fields: columns.map((column) => {
      const field: TableSchemaField = { name: column.name, type: fieldType(column.type) };
      if (column.description) field.description = column.description;
      if (column.type === "email") field.format = "email";
      if (column.type === "url") field.format = "uri";
      if (column.type === "choice") field.constraints = { enum: [...column.choices] };
      if (column.type === "latitude") field.constraints = { minimum: -90, maximum: 90 };
      if (column.type === "longitude") field.constraints = { minimum: -180, maximum: 180 };
      return field;
    }),
  };
}

function fieldType(type: ColumnType): string {
  switch (type) {
    case "number":
    case "latitude":
    case "longitude":
      return "number";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    default:
      return "string";
  }
}
