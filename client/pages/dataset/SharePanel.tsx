/**
 * The dataset's share panel: the public link, an iframe snippet for each embed view (table, cards,
 * map) with a live preview, the API addresses, the open-data catalogue that portals harvest, and
 * which websites may show the embeds. A private dataset's embeds and API answer 404 to visitors
 * (and the catalogue leaves it out): the panel says so instead of offering them.
 */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { datasetApi } from "../../../shared/api/datasets.ts";
import { type EmbedView, embedApi, embedPath } from "../../../shared/api/embeds.ts";
import { callApi } from "../../api.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { languages } from "../../i18n/index.ts";

type Props = { datasetId: string; title: string; hasMap: boolean; isOwner: boolean; onClose: () => void };

export function SharePanel({ datasetId, title, hasMap, isOwner, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [openness, setOpenness] = useState<string | null>(null);
  const [sites, setSites] = useState<string[] | null>(null);
  const [lang, setLang] = useState(i18n.language.slice(0, 2));
  useEffect(() => {
    let cancelled = false;
    callApi(datasetApi.get, { params: { id: datasetId } }).then(
      (d) => !cancelled && setOpenness(d.openness),
      () => undefined,
    );
    callApi(embedApi.settings, { params: { id: datasetId } }).then(
      (s) => !cancelled && setSites(s.sites),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [datasetId]);
  const origin = window.location.origin;
  const isPublic = openness !== null && openness !== "private";
  const views: EmbedView[] = hasMap ? ["grid", "cards", "map"] : ["grid", "cards"];

  return (
    <section className="share-panel card" aria-labelledby={`${id}-h`}>
      <div className="share-panel-head">
        <h2 id={`${id}-h`}>{t("share.panel.title")}</h2>
        <button type="button" onClick={onClose}>
          {t("share.panel.close")}
        </button>
      </div>
      <CopyField
        value={`${origin}/datasets/${datasetId}`}
        label={t(openness === "private" ? "share.panel.membersLink" : "share.panel.publicLink")}
        showLabel
      />
      {openness !== null && (
        <p className="muted">
          {t(openness === "private" ? "share.panel.privateLinkHelp" : "share.panel.publicLinkHelp")}
        </p>
      )}
      {openness === "private" && (
        <p className="warning" role="note">
          {t("share.panel.privateNote")}{" "}
          {isOwner && <Link to={`/datasets/${datasetId}/settings`}>{t("share.panel.privateOwner")}</Link>}
        </p>
      )}
      {isPublic && (
        <>
          <h3>{t("share.panel.embeds")}</h3>
          <p className="muted">{t("share.panel.embedsHelp")}</p>
          <p>
            {sites && sites.length > 0
              ? t("share.panel.someSites", { sites: sites.join(", ") })
              : t("share.panel.anySite")}{" "}
            {isOwner && <Link to={`/datasets/${datasetId}/settings`}>{t("share.panel.changeSites")}</Link>}
          </p>
          <label className="share-language">
            {t("share.panel.language")}{" "}
            <select value={lang} onChange={(e) => setLang(e.target.value)}>
              {languages.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {views.map((view) => (
            <EmbedSnippet
              key={view}
              src={`${origin}${embedPath(datasetId, { view, lang })}`}
              view={view}
              title={title}
            />
          ))}
          <h3>{t("share.panel.api")}</h3>
          <CopyField value={`${origin}/api/v1/datasets/${datasetId}/rows`} label={t("share.panel.apiRows")} showLabel />
          <CopyField
            value={`${origin}/api/v1/datasets/${datasetId}/snapshot.json`}
            label={t("share.panel.apiSnapshot")}
            showLabel
          />
          <p>
            <a href="/api/docs" target="_blank" rel="noopener noreferrer">
              {t("share.panel.apiDocs")}
            </a>
          </p>
          <h3>{t("share.panel.portals")}</h3>
          <CopyField value={`${origin}/catalog.jsonld`} label={t("share.panel.catalog")} showLabel />
          <p className="muted">{t("share.panel.catalogHelp")}</p>
        </>
      )}
    </section>
  );
}

function EmbedSnippet({ src, view, title }: { src: string; view: EmbedView; title: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const viewName = t(`share.views.${view}`);
  const frameTitle = t("share.panel.previewTitle", { title, view: viewName });
  const snippet = `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(frameTitle)}" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
  return (
    <div className="embed-snippet">
      <CopyField value={snippet} label={t("share.panel.snippet", { view: viewName })} showLabel />
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          {t("share.panel.preview")} — {viewName}
        </summary>
        {open && <iframe src={src} title={frameTitle} className="embed-preview" />}
      </details>
    </div>
  );
}

const escapeAttribute = (text: string) =>
  text.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c] as string);
