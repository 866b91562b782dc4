/** Owners choose the websites allowed to show the dataset's embeds (none listed: any website). */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { embedApi, embedSiteSchema } from "../../../shared/api/embeds.ts";
import { callApi } from "../../api.ts";
import { ErrorMessage, StatusMessage, useErrorText } from "../../session/ui.tsx";

export function EmbedSitesSection({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    callApi(embedApi.settings, { params: { id: datasetId } }).then(
      (settings) => !cancelled && setText(settings.sites.join("\n")),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [datasetId, errorText]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const lines = (text ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const wrong = lines.find((line) => !embedSiteSchema.safeParse(line).success);
    if (wrong) {
      setError(t("share.settings.invalidSite", { site: wrong }));
      return;
    }
    setBusy(true);
    try {
      const { sites } = await callApi(embedApi.setSites, { params: { id: datasetId }, body: { sites: lines } });
      setText(sites.join("\n"));
      setStatus(
        sites.length === 0 ? t("share.settings.savedAny") : t("share.settings.savedSome", { count: sites.length }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("share.settings.title")}</h2>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-sites`}>{t("share.settings.label")}</label>
        <p id={`${id}-help`} className="muted">
          {t("share.settings.help")}
        </p>
        <textarea
          id={`${id}-sites`}
          rows={4}
          value={text ?? ""}
          disabled={text === null}
          aria-describedby={`${id}-help`}
          placeholder={t("share.settings.placeholder")}
          onChange={(e) => setText(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{status}</StatusMessage>
        <button type="submit" className="primary" disabled={busy || text === null}>
          {t("share.settings.save")}
        </button>
      </form>
    </section>
  );
}
