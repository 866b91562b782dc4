/**
 * What a dataset is, under its title: description, licence, source, keywords, update frequency and
 * area covered, as they are now in
 * the document (edits by others appear at once). People who may change the structure (owners and
 * editors: `editStructure`) edit them here; a link with `?details=edit` (editDetailsLink.ts) opens the
 * form for them.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { type DatasetMeta, keywordList, licenceOf } from "../../../shared/dataset/index.ts";
import type { DatasetSession } from "../../collab/datasetSession.ts";
import { linkHref } from "../../grid/cells/cellLinks.ts";
import { DatasetDetailsForm } from "./DatasetDetailsForm.tsx";
import { EDIT_DETAILS_PARAM } from "./editDetailsLink.ts";
import "./datasetAbout.css";

export function DatasetAbout({
  session,
  meta,
  canEdit,
}: {
  session: DatasetSession;
  meta: DatasetMeta;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  // After the form closes, the cursor goes back to the button that opened it.
  const editButton = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);
  // Asked for by the link (from the settings page), the form opens once the person may edit and the
  // document is there (a title: the form starts from the details as they are).
  const [searchParams, setSearchParams] = useSearchParams();
  const askedToEdit = searchParams.get(EDIT_DETAILS_PARAM) === "edit";
  useEffect(() => {
    if (!askedToEdit || !canEdit || !meta.title) return;
    setEditing(true);
    setSearchParams(
      (params) => {
        params.delete(EDIT_DETAILS_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [askedToEdit, canEdit, meta.title, setSearchParams]);
  useEffect(() => {
    if (!editing && returnFocus) {
      editButton.current?.focus();
      setReturnFocus(false);
    }
  }, [editing, returnFocus]);

  if (editing)
    return (
      <DatasetDetailsForm
        session={session}
        meta={meta}
        onDone={(didSave) => {
          setEditing(false);
          setSaved(didSave);
          setReturnFocus(true);
        }}
      />
    );

  const keywords = keywordList(meta.keywords);
  const sourceHref = linkHref("url", meta.source);
  const licence = licenceOf(meta);
  const link = (text: string, url: string) => {
    const href = linkHref("url", url);
    return href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    ) : (
      text
    );
  };
  return (
    <section className="dataset-about" aria-label={t("dataset.about.heading")}>
      {meta.description && <p className="dataset-description">{meta.description}</p>}
      <dl className="dataset-facts">
        <div>
          <dt>{t("dataset.about.licence")}</dt>
          <dd>
            {licence.title ? (
              link(licence.title, licence.url)
            ) : (
              <span className="muted">{t("dataset.about.noLicence")}</span>
            )}
          </dd>
        </div>
        {meta.source && (
          <div>
            <dt>{t("dataset.about.source")}</dt>
            <dd>
              {sourceHref ? (
                <a href={sourceHref} target="_blank" rel="noopener noreferrer">
                  {meta.source}
                </a>
              ) : (
                meta.source
              )}
            </dd>
          </div>
        )}
        {meta.frequency && (
          <div>
            <dt>{t("dataset.about.frequencyFact")}</dt>
            <dd>{t(`dataset.about.frequencies.${meta.frequency}`)}</dd>
          </div>
        )}
        {(meta.spatial || meta.spatialUri) && (
          <div>
            <dt>{t("dataset.about.spatialFact")}</dt>
            <dd>{link(meta.spatial || meta.spatialUri, meta.spatialUri)}</dd>
          </div>
        )}
        {keywords.length > 0 && (
          <div>
            <dt>{t("dataset.about.keywords")}</dt>
            <dd>
              <ul className="dataset-keywords">
                {keywords.map((keyword) => (
                  <li key={keyword}>{keyword}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      {canEdit && (
        <button
          type="button"
          ref={editButton}
          className="dataset-about-edit"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          {t("dataset.about.edit")}
        </button>
      )}
      <p role="status" className="muted dataset-about-status">
        {saved ? t("dataset.about.saved") : ""}
      </p>
    </section>
  );
}
