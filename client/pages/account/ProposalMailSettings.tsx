/** On /account: how a moderator hears of new proposals by email, for all their datasets and for each (P26). */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ProposalMailChoice,
  proposalMailApi,
  proposalMailChoices,
  type ProposalMailSettings as Settings,
} from "../../../shared/api/notifications.ts";
import { callApi } from "../../api.ts";
import { ErrorMessage, StatusMessage, useErrorText, useFormAction } from "../../session/ui.tsx";

const DEFAULT = "";

export function ProposalMailSettings() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, done, run } = useFormAction();

  useEffect(() => {
    callApi(proposalMailApi.get).then(setSettings, (e) => setLoadError(errorText(e)));
  }, [errorText]);

  const hour = settings ? `${String(settings.digestHour).padStart(2, "0")}:00` : "";
  const label = (choice: ProposalMailChoice) => t(`notifications.mail.choice.${choice}`, { hour });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    await run(async () => {
      const saved = await callApi(proposalMailApi.set, {
        body: {
          default: settings.default,
          datasets: Object.fromEntries(settings.datasets.map((d) => [d.id, d.choice])),
        },
      });
      setSettings(saved);
      return t("notifications.mail.saved");
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("notifications.mail.title")}</h2>
      <p className="muted">{t("notifications.mail.intro")}</p>
      <ErrorMessage>{loadError}</ErrorMessage>
      {settings && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-default`}>{t("notifications.mail.default")}</label>
            <select
              id={`${id}-default`}
              value={settings.default}
              onChange={(e) => setSettings({ ...settings, default: e.target.value as ProposalMailChoice })}
            >
              {proposalMailChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {label(choice)}
                </option>
              ))}
            </select>
          </div>
          {settings.datasets.length === 0 ? (
            <p className="muted">{t("notifications.mail.noDatasets")}</p>
          ) : (
            <fieldset>
              <legend>{t("notifications.mail.perDataset")}</legend>
              <p className="muted">{t("notifications.mail.perDatasetIntro")}</p>
              {settings.datasets.map((dataset) => (
                <div className="field" key={dataset.id}>
                  <label htmlFor={`${id}-${dataset.id}`}>{dataset.title}</label>
                  <select
                    id={`${id}-${dataset.id}`}
                    value={dataset.choice ?? DEFAULT}
                    onChange={(e) => {
                      const choice = e.target.value === DEFAULT ? null : (e.target.value as ProposalMailChoice);
                      setSettings({
                        ...settings,
                        datasets: settings.datasets.map((d) => (d.id === dataset.id ? { ...d, choice } : d)),
                      });
                    }}
                  >
                    <option value={DEFAULT}>{t("notifications.mail.followDefault")}</option>
                    {proposalMailChoices.map((choice) => (
                      <option key={choice} value={choice}>
                        {label(choice)}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </fieldset>
          )}
          <ErrorMessage>{error}</ErrorMessage>
          <StatusMessage>{done}</StatusMessage>
          <button type="submit" className="primary" disabled={busy}>
            {t("notifications.mail.save")}
          </button>
        </form>
      )}
    </section>
  );
}
