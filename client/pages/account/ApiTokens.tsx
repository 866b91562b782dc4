/** API tokens: create one for chosen datasets (shown once, with a copy button), list them with their last use, revoke. */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type DatasetSummary, datasetApi } from "../../../shared/api/datasets.ts";
import { type ApiToken, tokenApi } from "../../../shared/api/tokens.ts";
import { callApi } from "../../api.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorMessage, Field, formatDate, StatusMessage, useErrorText } from "../../session/ui.tsx";

export function ApiTokens() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [{ tokens: list }, { datasets: visible }] = await Promise.all([
        callApi(tokenApi.list),
        callApi(datasetApi.list),
      ]);
      setTokens(list);
      // Only datasets the person is a member of: openness alone gives nothing to a token worth having.
      setDatasets(visible.filter((d) => d.role !== null));
    } catch (e) {
      setError(errorText(e));
    }
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  const titleOf = (datasetId: string) => datasets.find((d) => d.id === datasetId)?.title ?? datasetId;

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!name.trim()) return setError(t("accounts.tokens.nameRequired"));
    if (chosen.size === 0) return setError(t("accounts.tokens.datasetsRequired"));
    try {
      const token = await callApi(tokenApi.create, { body: { name: name.trim(), scope, datasetIds: [...chosen] } });
      setCreated(token.token);
      setName("");
      setChosen(new Set());
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function revoke(token: ApiToken) {
    setError(null);
    try {
      await callApi(tokenApi.revoke, { params: { id: token.id } });
      setStatus(t("accounts.tokens.revoked", { name: token.name }));
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.tokens.title")}</h2>
      <p className="muted">{t("accounts.tokens.intro")}</p>
      {created && (
        <div className="token-created" data-testid="new-token">
          <p>
            <strong>{t("accounts.tokens.shownOnce")}</strong>
          </p>
          <CopyField key={created} value={created} label={t("accounts.tokens.newToken")} />
        </div>
      )}
      {tokens && tokens.length === 0 && <p>{t("accounts.tokens.none")}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="plain-list">
          {tokens.map((token) => (
            <li key={token.id} className="list-row">
              <span>
                <strong>{token.name}</strong> ·{" "}
                {token.scope === "write" ? t("accounts.tokens.write") : t("accounts.tokens.read")}
                <br />
                <span className="muted">
                  {token.datasetIds.map(titleOf).join(", ")}
                  <br />
                  {token.lastUsedAt
                    ? t("accounts.tokens.lastUsed", { date: formatDate(token.lastUsedAt) })
                    : t("accounts.tokens.neverUsed")}
                </span>
              </span>
              <button type="button" onClick={() => void revoke(token)}>
                {t("accounts.tokens.revoke")}
                <span className="visually-hidden"> {token.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} noValidate className="token-form">
        <h3>{t("accounts.tokens.createTitle")}</h3>
        <Field
          label={t("accounts.tokens.name")}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset>
          <legend>{t("accounts.tokens.scope")}</legend>
          {(["read", "write"] as const).map((s) => (
            <label key={s} className="choice">
              <input type="radio" name={`${id}-scope`} checked={scope === s} onChange={() => setScope(s)} />
              {s === "write" ? t("accounts.tokens.write") : t("accounts.tokens.read")}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("accounts.tokens.datasets")}</legend>
          {datasets.length === 0 && <p className="muted">{t("accounts.tokens.noDatasets")}</p>}
          {datasets.map((d) => (
            <label key={d.id} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(d.id)}
                onChange={(e) =>
                  setChosen((set) => {
                    const copy = new Set(set);
                    if (e.target.checked) copy.add(d.id);
                    else copy.delete(d.id);
                    return copy;
                  })
                }
              />
              {d.title}
            </label>
          ))}
        </fieldset>
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{status}</StatusMessage>
        <button type="submit" className="primary">
          {t("accounts.tokens.create")}
        </button>
      </form>
    </section>
  );
}
