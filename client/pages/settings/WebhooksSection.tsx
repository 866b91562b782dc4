/**
 * Dataset settings (owners): webhooks (docs/API.md, Webhooks). Add an endpoint (its address and
 * events; its signing secret shown once), send it a test, give it a new secret, pause, resume or
 * delete it, and read its
 * delivery log, read again every few seconds while the page is shown.
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
  webhookApi,
  webhookEventTypes,
} from "../../../shared/api/webhooks.ts";
import { callApi } from "../../api.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { useReloadingAction } from "../../components/useReloadingAction.ts";
import { currentLocale } from "../../i18n/index.ts";
import { ErrorMessage, Field, formatDate, StatusMessage, useErrorText } from "../../session/ui.tsx";

/** How often the log is read again while the page is shown: sooner while a delivery is pending. */
const REFRESH_MS = { pending: 2_000, idle: 5_000 };

export function WebhooksSection({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const errorText = useErrorText();
  const { error, done: status, fail, act } = useReloadingAction(() => load());
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [created, setCreated] = useState<{ webhookId: string; url: string; secret: string } | null>(null);
  // The secret, shown once, takes the focus (the Add button had it, disabled while it was sent), and
  // once copied the focus goes to that webhook's first action, Send a test.
  const secretBox = useRef<HTMLDivElement>(null);
  const testButtons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (created) secretBox.current?.querySelector("input")?.focus();
  }, [created]);
  const secretCopied = () => {
    const webhookId = created?.webhookId;
    setCreated(null);
    if (webhookId) testButtons.current.get(webhookId)?.focus();
  };

  const load = useCallback(async () => {
    try {
      setEndpoints((await callApi(webhookApi.list, { params: { id: datasetId } })).endpoints);
    } catch (e) {
      fail(errorText(e));
    }
  }, [datasetId, errorText, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card webhooks" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("webhooks.title")}</h2>
      <p>
        {t("webhooks.intro")}{" "}
        <a href="/api/docs#webhooks" target="_blank" rel="noopener">
          {t("webhooks.docs")}
        </a>
      </p>
      {endpoints && endpoints.length === 0 && <p className="muted">{t("webhooks.empty")}</p>}
      {endpoints && endpoints.length > 0 && (
        <ul className="plain-list webhook-list">
          {endpoints.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              datasetId={datasetId}
              endpoint={endpoint}
              act={act}
              onSecret={(secret) => setCreated({ webhookId: endpoint.id, url: endpoint.url, secret })}
              testButton={(button) => {
                if (button) testButtons.current.set(endpoint.id, button);
                else testButtons.current.delete(endpoint.id);
              }}
              onGivenUp={load}
            />
          ))}
        </ul>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
      {created && (
        <div ref={secretBox} className="webhook-secret">
          <CopyField value={created.secret} label={t("webhooks.secretLabel", { url: created.url })} showLabel />
          <p className="muted">{t("webhooks.secretHint")}</p>
          <button type="button" onClick={secretCopied}>
            {t("webhooks.secretDone")}
          </button>
        </div>
      )}
      <AddWebhookForm
        datasetId={datasetId}
        onAdded={(endpoint, secret) =>
          act(
            async () => setCreated({ webhookId: endpoint.id, url: endpoint.url, secret }),
            t("webhooks.added", { url: endpoint.url }),
          )
        }
      />
    </section>
  );
}

function AddWebhookForm({
  datasetId,
  onAdded,
}: {
  datasetId: string;
  onAdded: (endpoint: WebhookEndpoint, secret: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(webhookEventTypes));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const form = useRef<HTMLFormElement>(null);
  // A refused address takes the focus back to the field (the button was disabled while it was sent).
  const refuse = (message: string) => {
    setError(message);
    form.current?.querySelector<HTMLInputElement>("input[type=url]")?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!url.trim()) return refuse(t("webhooks.needUrl"));
    if (!URL.canParse(url.trim())) return refuse(t("webhooks.notAnAddress"));
    if (events.size === 0) return setError(t("webhooks.needEvent"));
    setBusy(true);
    try {
      const answer = await callApi(webhookApi.create, {
        params: { id: datasetId },
        body: { url: url.trim(), events: webhookEventTypes.filter((e) => events.has(e)) },
      });
      setUrl("");
      await onAdded(answer.endpoint, answer.secret);
    } catch (e) {
      refuse(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (type: WebhookEventType, on: boolean) => {
    const next = new Set(events);
    if (on) next.add(type);
    else next.delete(type);
    setEvents(next);
  };

  return (
    <>
      <h3 id={`${id}-h`}>{t("webhooks.addTitle")}</h3>
      <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
        <Field
          label={t("webhooks.url")}
          hint={t("webhooks.urlHint")}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={url}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        <fieldset className="webhook-events">
          <legend>{t("webhooks.eventsLegend")}</legend>
          {webhookEventTypes.map((type) => (
            <label key={type} className="choice">
              <input type="checkbox" checked={events.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span>
                {t(`webhooks.events.${type}`)} <span className="muted">({t(`webhooks.eventHelp.${type}`)})</span>
              </span>
            </label>
          ))}
        </fieldset>
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary" disabled={busy}>
          {t("webhooks.add")}
        </button>
      </form>
    </>
  );
}

function EndpointItem({
  datasetId,
  endpoint,
  act,
  onSecret,
  testButton,
  onGivenUp,
}: {
  datasetId: string;
  endpoint: WebhookEndpoint;
  act: (work: () => Promise<unknown>, success: string) => Promise<void>;
  onSecret: (secret: string) => void;
  /** Its Send a test button, which takes the focus once a new webhook's secret is copied. */
  testButton: (button: HTMLButtonElement | null) => void;
  /** A delivery was given up since the log was last read: the server may have paused the endpoint. */
  onGivenUp: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const { url } = endpoint;

  const givenUp = useRef<number | null>(null);
  const reload = useCallback(async () => {
    try {
      const read = await callApi(webhookApi.deliveries, { params: { id: datasetId, webhookId: endpoint.id } });
      setDeliveries(read.deliveries);
      const failed = read.deliveries.filter((d) => d.status === "failed").length;
      if (givenUp.current !== null && failed > givenUp.current) void onGivenUp();
      givenUp.current = failed;
    } catch {
      // The section's own error says what went wrong; the log keeps what it showed.
    }
  }, [datasetId, endpoint.id, onGivenUp]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // New events and retries show up by themselves.
  const pending = deliveries?.some((d) => d.status === "pending") ?? false;
  useEffect(() => {
    const timer = setInterval(
      () => {
        if (document.visibilityState === "visible") void reload();
      },
      pending ? REFRESH_MS.pending : REFRESH_MS.idle,
    );
    return () => clearInterval(timer);
  }, [pending, reload]);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const hidden = <span className="visually-hidden"> {url}</span>;
  return (
    <li className="webhook">
      <h3 id={`${id}-h`} className="webhook-url">
        {url}
      </h3>
      <p className="muted">
        {t("webhooks.sends", {
          events: endpoint.events.map((e) => t(`webhooks.events.${e}`)).join(", "),
        })}
      </p>
      {!endpoint.enabled && (
        <p className="warning">
          {endpoint.suspendedAt
            ? t("webhooks.suspended", { date: formatDate(endpoint.suspendedAt) })
            : t("webhooks.paused")}
        </p>
      )}
      <div className="row-actions">
        <button
          ref={testButton}
          type="button"
          onClick={() =>
            void act(
              () => callApi(webhookApi.sendTest, { params: { id: datasetId, webhookId: endpoint.id } }),
              t("webhooks.testSent", { url }),
            ).then(reload)
          }
        >
          {t("webhooks.sendTest")}
          {hidden}
        </button>
        <button
          type="button"
          onClick={() =>
            void act(
              () =>
                callApi(webhookApi.update, {
                  params: { id: datasetId, webhookId: endpoint.id },
                  body: { enabled: !endpoint.enabled },
                }),
              t(endpoint.enabled ? "webhooks.pausedDone" : "webhooks.resumedDone", { url }),
            )
          }
        >
          {t(endpoint.enabled ? "webhooks.pause" : "webhooks.resume")}
          {hidden}
        </button>
        <button
          type="button"
          onClick={() =>
            void act(
              async () =>
                onSecret(
                  (await callApi(webhookApi.newSecret, { params: { id: datasetId, webhookId: endpoint.id } })).secret,
                ),
              t("webhooks.newSecretDone", { url }),
            )
          }
        >
          {t("webhooks.newSecret")}
          {hidden}
        </button>
        {!confirming && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t("webhooks.delete")}
            {hidden}
          </button>
        )}
      </div>
      {confirming && (
        <div>
          <p id={`${id}-d`} className="warning">
            {t("webhooks.confirmDelete", { url })}
          </p>
          <button
            ref={confirmButton}
            type="button"
            className="danger solid"
            aria-describedby={`${id}-d`}
            onClick={() =>
              void act(
                () => callApi(webhookApi.delete, { params: { id: datasetId, webhookId: endpoint.id } }),
                t("webhooks.deleted", { url }),
              )
            }
          >
            {t("webhooks.confirmDeleteButton")}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            {t("accounts.cancel")}
          </button>
        </div>
      )}
      <DeliveryLog url={url} deliveries={deliveries} />
    </li>
  );
}

function DeliveryLog({ url, deliveries }: { url: string; deliveries: WebhookDelivery[] | null }) {
  const { t } = useTranslation();
  if (!deliveries) return null;
  if (deliveries.length === 0) return <p className="muted">{t("webhooks.logEmpty")}</p>;
  const time = (value: string | null) =>
    value
      ? new Intl.DateTimeFormat(currentLocale(), { dateStyle: "short", timeStyle: "medium" }).format(new Date(value))
      : t("webhooks.none");
  const result = (d: WebhookDelivery) => {
    if (d.status === "delivered") return t("webhooks.result.delivered", { code: d.statusCode });
    if (d.attempts === 0) return t("webhooks.result.sending");
    const answer = d.statusCode ? t("webhooks.result.answered", { code: d.statusCode }) : t("webhooks.result.noAnswer");
    return d.status === "failed" ? `${t("webhooks.result.gaveUp")} · ${answer}` : answer;
  };
  return (
    <div>
      <table className="webhook-log">
        <caption>{t("webhooks.logCaption", { url })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("webhooks.columns.time")}</th>
            <th scope="col">{t("webhooks.columns.event")}</th>
            <th scope="col">{t("webhooks.columns.result")}</th>
            <th scope="col">{t("webhooks.columns.attempts")}</th>
            <th scope="col">{t("webhooks.columns.next")}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} className={`delivery-${d.status}`}>
              <td data-label={t("webhooks.columns.time")}>{time(d.createdAt)}</td>
              <td data-label={t("webhooks.columns.event")}>{t(`webhooks.events.${d.event}`)}</td>
              <td data-label={t("webhooks.columns.result")}>
                <span>
                  {result(d)}
                  {d.errorCode && d.status !== "delivered" && (
                    <span className="muted block">
                      {t(`webhooks.errors.${d.errorCode}`, { code: d.statusCode, detail: d.error })}
                    </span>
                  )}
                </span>
              </td>
              <td data-label={t("webhooks.columns.attempts")}>{d.attempts}</td>
              <td data-label={t("webhooks.columns.next")}>
                {d.status === "pending" ? time(d.nextAttemptAt) : t("webhooks.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
