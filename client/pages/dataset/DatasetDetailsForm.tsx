/**
 * Editing a dataset's details. Saving writes only the fields that changed, in one transaction of this
 * tab (one step of undo), so everyone connected sees them at once; a field someone else changed
 * meanwhile and that was not touched here keeps their value.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type DatasetMeta,
  formatKeywords,
  isUpdateFrequency,
  isWebUrl,
  licenceOf,
  metaFields,
  openLicences,
  updateFrequencies,
  updateMeta,
} from "../../../shared/dataset/index.ts";
import { limits } from "../../../shared/limits.ts";
import type { DatasetSession } from "../../collab/datasetSession.ts";

type TextField = "title" | "description" | "source" | "keywords" | "spatial" | "spatialUri" | "licence" | "licenceUrl";
/** The licence box: none, one of the open licences (by id), or another one typed in. */
const OTHER = "other";
const initialChoice = (meta: DatasetMeta) => {
  const { known } = licenceOf(meta);
  if (known) return known.id;
  return meta.licence || meta.licenceUrl ? OTHER : "";
};

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
  const [licenceChoice, setLicenceChoice] = useState(() => initialChoice(meta));
  const [error, setError] = useState<{ field: keyof DatasetMeta; message: string } | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  // Opening the form puts the cursor in its first field.
  useEffect(() => titleInput.current?.focus(), []);
  const set = (field: keyof DatasetMeta) => (event: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [field]: event.target.value }));
    if (error?.field === field) setError(null);
  };
  const label = (field: keyof DatasetMeta) => t(`dataset.about.field.${field}`);

  function chooseLicence(choice: string) {
    setLicenceChoice(choice);
    if (error?.field === "licence" || error?.field === "licenceUrl") setError(null);
    const known = openLicences.find((l) => l.id === choice);
    // Choosing the licence the dataset already had keeps its words (e.g. "ODbL-1.0" from before the list).
    if (known && initialChoice(started.current) === known.id)
      setDraft((d) => ({ ...d, licence: started.current.licence, licenceUrl: started.current.licenceUrl }));
    else if (known) setDraft((d) => ({ ...d, licence: known.title, licenceUrl: known.url }));
    else if (choice === OTHER && initialChoice(started.current) === OTHER)
      setDraft((d) => ({ ...d, licence: started.current.licence, licenceUrl: started.current.licenceUrl }));
    else setDraft((d) => ({ ...d, licence: "", licenceUrl: "" }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: DatasetMeta = {
      title: draft.title.trim(),
      description: draft.description.trim(),
      source: draft.source.trim(),
      licence: draft.licence.trim(),
      licenceUrl: draft.licenceUrl.trim(),
      keywords: formatKeywords(draft.keywords),
      frequency: draft.frequency,
      spatial: draft.spatial.trim(),
      spatialUri: draft.spatialUri.trim(),
    };
    const refuse = (field: keyof DatasetMeta, message: string) => setError({ field, message });
    if (!next.title) return refuse("title", t("dataset.about.titleRequired"));
    if (licenceChoice === OTHER && !next.licence) return refuse("licence", t("dataset.about.licenceNameRequired"));
    for (const field of ["licenceUrl", "spatialUri"] as const)
      if (next[field] && !isWebUrl(next[field]))
        return refuse(field, t("dataset.about.notAUrl", { field: label(field) }));
    const tooLong = metaFields.find((field) => next[field].length > limits.maxMetaChars);
    if (tooLong)
      return refuse(tooLong, t("dataset.about.tooLong", { field: label(tooLong), max: limits.maxMetaChars }));
    const patch: Partial<DatasetMeta> = {};
    for (const field of metaFields)
      if (next[field] !== started.current[field].trim()) Object.assign(patch, { [field]: next[field] });
    if (Object.keys(patch).length > 0) session.writer.transact(() => updateMeta(session.view.doc, patch, null));
    onDone(Object.keys(patch).length > 0);
  }

  const invalid = (name: keyof DatasetMeta) => (error?.field === name ? true : undefined);
  const describedBy = (name: keyof DatasetMeta, hint: boolean) =>
    [hint ? `${id}-${name}-hint` : "", error?.field === name ? `${id}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
  const field = (name: TextField, input: "input" | "textarea", hint?: string, text = label(name)) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{text}</label>
      {input === "textarea" ? (
        <textarea id={`${id}-${name}`} rows={3} value={draft[name]} onChange={set(name)} />
      ) : (
        <input
          id={`${id}-${name}`}
          ref={name === "title" ? titleInput : undefined}
          value={draft[name]}
          onChange={set(name)}
          type={name === "licenceUrl" || name === "spatialUri" ? "url" : undefined}
          aria-describedby={describedBy(name, Boolean(hint))}
          required={name === "title"}
          aria-invalid={invalid(name)}
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
      <div className="field">
        <label htmlFor={`${id}-licence-choice`}>{label("licence")}</label>
        <select
          id={`${id}-licence-choice`}
          value={licenceChoice}
          onChange={(event) => chooseLicence(event.target.value)}
          aria-describedby={`${id}-licence-choice-hint`}
        >
          <option value="">{t("dataset.about.licenceNone")}</option>
          {openLicences.map((licence) => (
            <option key={licence.id} value={licence.id}>
              {licence.title}
            </option>
          ))}
          <option value={OTHER}>{t("dataset.about.licenceOther")}</option>
        </select>
        <p id={`${id}-licence-choice-hint`} className="hint">
          {t("dataset.about.licenceHint")}
        </p>
      </div>
      {licenceChoice === OTHER && (
        <fieldset className="dataset-details-other-licence">
          <legend className="hint">{t("dataset.about.licenceOtherHint")}</legend>
          {field("licence", "input", undefined, t("dataset.about.licenceName"))}
          {field("licenceUrl", "input")}
        </fieldset>
      )}
      {field("keywords", "input", t("dataset.about.keywordsHint"))}
      <div className="field">
        <label htmlFor={`${id}-frequency`}>{label("frequency")}</label>
        <select
          id={`${id}-frequency`}
          value={draft.frequency}
          onChange={(event) => {
            const value = event.target.value;
            setDraft((d) => ({ ...d, frequency: isUpdateFrequency(value) ? value : "" }));
          }}
          aria-describedby={`${id}-frequency-hint`}
        >
          <option value="">{t("dataset.about.frequencyNone")}</option>
          {updateFrequencies.map((code) => (
            <option key={code} value={code}>
              {t(`dataset.about.frequencies.${code}`)}
            </option>
          ))}
        </select>
        <p id={`${id}-frequency-hint`} className="hint">
          {t("dataset.about.frequencyHint")}
        </p>
      </div>
      {field("spatial", "input", t("dataset.about.spatialHint"))}
      {field("spatialUri", "input", t("dataset.about.spatialUriHint"))}
      {error && (
        <p id={`${id}-error`} role="alert" className="error">
          {error.message}
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
