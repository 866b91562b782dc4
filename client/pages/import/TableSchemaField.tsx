/**
 * The import preview's optional Table Schema: a Frictionless `schema.json` picked beside the file,
 * whose types, choices and descriptions the server applies to the columns of the same name.
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReadOptions } from "../../../shared/api/imports.ts";

type TableSchema = NonNullable<ReadOptions["tableSchema"]>;

export function TableSchemaField({
  disabled,
  onSchema,
}: {
  disabled: boolean;
  onSchema: (schema: TableSchema) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function read(file: File) {
    setError(null);
    setChosen(null);
    const schema = asTableSchema(await file.text());
    if (!schema) return setError(t("import.tableSchema.invalid", { name: file.name }));
    setChosen(t("import.tableSchema.applied", { name: file.name, count: schema.fields.length }));
    onSchema(schema);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{t("import.tableSchema.label")}</label>
      <span className="muted" id={`${id}-hint`}>
        {t("import.tableSchema.hint")}
      </span>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        aria-describedby={`${id}-hint`}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void read(file);
        }}
      />
      {chosen && <p role="status">{chosen}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

function asTableSchema(text: string): TableSchema | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || !Array.isArray((value as { fields?: unknown }).fields))
      return null;
    const fields = (value as { fields: unknown[] }).fields;
    if (!fields.every((f) => typeof f === "object" && f !== null && typeof (f as { name?: unknown }).name === "string"))
      return null;
    return value as TableSchema;
  } catch {
    return null;
  }
}
