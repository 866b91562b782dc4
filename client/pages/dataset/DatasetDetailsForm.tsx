/**
 * Editing a dataset's details. Saving writes only the fields that changed, in one transaction of this
 * tab (one step of undo), so everyone connected sees them at once; a field someone else changed
 * meanwhile and that was not touched here keeps their value.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type DatasetMeta, formatKeywords, metaFields, updateMeta } from "../../../shared/dataset/index.ts";
import { limits } from "../../../shared/limits.ts";
import type { DatasetSession } from "../../collab/datasetSession.ts";

/** Licences people often choose; the field takes any text. */
const COMMON_LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODbL-1.0", "etalab-2.0"];

export function DatasetDetailsForm({
  session,
  meta,
  onDone,
}: {
  session: DatasetSession;
  meta: DatasetMeta;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const started = useRef(meta);
  const [draft, setDraft] = useState<DatasetMeta>(meta);
  const [error, setError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  // Opening the form puts the cursor in its first field.
  useEffect(() => titleInput.current?.focus(), []);
  const set = (field: keyof DatasetMeta) => (event: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [field]: event.target.value }));
    if (field === "title" && event.target.value.trim()) setError(null);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: DatasetMeta = {
      title: draft.title.trim(),
      description: draft.description.trim(),
      source: draft.source.trim(),
      licence: draft.licence.trim(),
      keywords: formatKeywords(draft.keywords),
    };
    if (!next.title) return setError(t("dataset.about.titleRequired"));
    const tooLong = metaFields.find((field) => next[field].length > limits.maxMetaChars);
    if (tooLong)
      return setError(
        t("dataset.about.tooLong", { field: t(`dataset.about.field.${tooLong}`), max: limits.maxMetaChars }),
      );
    const patch: Partial<DatasetMeta> = {};
    for (const field of metaFields) if (next[field] !== started.current[field].trim()) patch[field] = next[field];
    if (Object.keys(patch).length > 0) session.writer.transact(() => updateMeta(session.view.doc, patch, null));
    onDone(Object.keys(patch).length > 0);
  }

  const field = (name: keyof DatasetMeta, input: "input" | "textarea", hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{t(`dataset.about.field.${name}`)}</label>
      {input === "textarea" ? (
        <textarea id={`${id}-${name}`} rows={3} value={draft[name]} onChange={set(name)} />
      ) : (
        <input
          id={`${id}-${name}`}
          ref={name === "title" ? titleInput : undefined}
          value={draft[name]}
          onChange={set(name)}
          aria-describedby={hint ? `${id}-${name}-hint` : undefined}
          list={name === "licence" ? `${id}-licences` : undefined}
          required={name === "title"}
          aria-invalid={name === "title" && error !== null ? true : undefined}
        />
      )}
      {hint && (
        <p id={`${id}-${name}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form className="card dataset-details-form" aria-labelledby={`${id}-heading`} onSubmit={submit} noValidate>
      <h2 id={`${id}-heading`}>{t("dataset.about.editTitle")}</h2>
      {field("title", "input")}
      {field("description", "textarea")}
      {field("source", "input", t("dataset.about.sourceHint"))}
      {field("licence", "input", t("dataset.about.licenceHint"))}
      <datalist id={`${id}-licences`}>
        {COMMON_LICENCES.map((licence) => (
          <option key={licence} value={licence} />
        ))}
      </datalist>
      {field("keywords", "input", t("dataset.about.keywordsHint"))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          {t("dataset.about.save")}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t("dataset.about.cancel")}
        </button>
      </div>
    </form>
  );
}
