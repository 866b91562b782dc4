/**
 * The bar above the grid while a person suggests changes: how many changes they made, their name
 * (the one others see them under here, prefilled, optional), an opt-in email address to hear of the
 * decision, a message, and "Send to the moderators".
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { proposalApi } from "../../shared/api/proposals.ts";
import { proposalLimits } from "../../shared/proposal/index.ts";
import { callApi } from "../api.ts";
import { CopyField } from "../components/CopyField.tsx";
import { useMyName } from "../components/useMyName.ts";
import { ErrorMessage, useErrorText } from "../session/ui.tsx";
import { proposalToken } from "./capabilities.ts";
import { followLink, type KeptProposal } from "./contributorStore.ts";
import type { ProposalSyncState } from "./proposalSession.ts";
import { type Suggesting, unreachable } from "./useSuggesting.ts";
import "./suggest.css";

/** How long to wait for the server to hold every change before sending. */
const FLUSH_MS = 15_000;

/** From this share of the server's limit on, the panel says how close the suggestion is to it. */
const NEAR_LIMIT = 0.9;

/** On a phone the optional fields start folded, so that the grid being edited stays in view. */
const narrowScreen = () => typeof matchMedia === "function" && matchMedia("(max-width: 40rem)").matches;

export function SuggestPanel({ suggesting, onSent }: { suggesting: Suggesting; onSent: (sent: KeptProposal) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const errorText = useErrorText();
  const { session, marks } = suggesting;
  const { signature, visitor, renameVisitor } = useMyName();
  // One name: the presence bar's once the visitor chose one, changed from either place (emptied
  // here, or never chosen: the suggestion is anonymous, not signed "Guest 510").
  const [nickname, setNickname] = useState(signature);
  useEffect(() => setNickname(signature), [signature]);
  const [wantsEmail, setWantsEmail] = useState(false);
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Sending found the server out of reach: said until everything written here has reached it. */
  const [notReached, setNotReached] = useState(false);
  const [closed, setClosed] = useState(false);
  const [stuck, setStuck] = useState(false);
  const [refused, setRefused] = useState(false);
  const [offline, setOffline] = useState(false);
  const [overLimit, setOverLimit] = useState(0);
  const [folded] = useState(narrowScreen);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!session) return;
    const show = (s: ProposalSyncState) => {
      setClosed(s.closed);
      setStuck(s.stuck);
      setRefused(s.refused !== null);
      setOffline(!s.onServer || s.status === "disconnected");
      setOverLimit(s.overLimit);
      if (s.onServer && s.status === "connected" && s.synced && s.unsynced === 0) setNotReached(false);
    };
    show(session.getState());
    return session.subscribe(show);
  }, [session]);
  // "Suggest changes" is gone once clicked: the panel's title takes the focus, and says what to do.
  const started = session !== null;
  useEffect(() => {
    if (started) titleRef.current?.focus();
  }, [started]);
  if (!session) return null;
  const count = marks?.count ?? 0;
  const entries = marks?.entries ?? 0;
  const max = proposalLimits.maxEntries;

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!session) return;
    setBusy(true);
    setError(null);
    setNotReached(false);
    try {
      // Offline: said at once, rather than after waiting for changes that cannot go up.
      if (typeof navigator !== "undefined" && navigator.onLine === false) return setNotReached(true);
      // A draft started offline is created on the server first.
      const { id: proposalId, token } = await suggesting.onServer();
      const flushed = await Promise.race([
        session.flushed().then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), FLUSH_MS)),
      ]);
      if (!flushed) return setNotReached(true);
      if (nickname.trim() || (wantsEmail && email.trim()))
        await callApi(proposalApi.setContact, {
          params: { proposalId },
          body: {
            ...(nickname.trim() ? { nickname: nickname.trim() } : {}),
            ...(wantsEmail && email.trim() ? { email: email.trim() } : {}),
          },
          headers: proposalToken(token),
        });
      const { proposal } = await callApi(proposalApi.submit, {
        params: { proposalId },
        body: { message },
        headers: proposalToken(token),
      });
      const sent = await suggesting.finish(proposal.number);
      if (sent) onSent(sent);
    } catch (e) {
      if (unreachable(e)) setNotReached(true);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="suggest-panel" aria-labelledby={`${id}-title`} onSubmit={(e) => void send(e)}>
      <h2 id={`${id}-title`} ref={titleRef} tabIndex={-1}>
        {t("suggest.title")}
      </h2>
      <p className="muted">{t("suggest.hint")}</p>
      <p role="status" className="suggest-count">
        {t("suggest.count", { count })}
      </p>
      {overLimit > 0 && !closed ? (
        // Keyed by the refusal, so that each refused edit is announced again.
        <p role="alert" className="notice" key={overLimit}>
          {t("suggest.overLimit", { max })}
        </p>
      ) : entries >= max && !closed ? (
        <p className="notice">{t("suggest.atLimit", { max })}</p>
      ) : entries >= max * NEAR_LIMIT && !closed ? (
        <p className="notice">{t("suggest.nearLimit", { entries, max })}</p>
      ) : null}
      {closed && <p className="notice">{t("suggest.closed")}</p>}
      {refused && !closed && (
        <p role="alert" className="notice">
          {t("suggest.refused")}
        </p>
      )}
      {offline && !closed && !refused && <p className="notice">{t("suggest.offline")}</p>}
      {stuck && !closed && (
        <p role="alert" className="notice">
          {t("connection.stuck")}{" "}
          <button type="button" onClick={() => session.retry()}>
            {t("connection.retry")}
          </button>
        </p>
      )}
      <details className="suggest-more" open={!folded}>
        <summary>{t("suggest.more")}</summary>
        <div className="suggest-fields">
          <div className="field">
            <label htmlFor={`${id}-nickname`}>{t("suggest.nickname")}</label>
            <input
              id={`${id}-nickname`}
              value={nickname}
              maxLength={40}
              autoComplete="nickname"
              aria-describedby={visitor ? `${id}-nickname-hint` : undefined}
              onChange={(e) => {
                setNickname(e.target.value);
                if (visitor) renameVisitor(e.target.value.trim());
              }}
            />
            {visitor && (
              <span id={`${id}-nickname-hint`} className="muted">
                {t("suggest.nicknameHint")}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-message`}>{t("suggest.message")}</label>
            <textarea
              id={`${id}-message`}
              value={message}
              maxLength={2000}
              onChange={(e) => setMessage(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={wantsEmail} onChange={(e) => setWantsEmail(e.target.checked)} />{" "}
              {t("suggest.wantsEmail")}
            </label>
            {wantsEmail && (
              <>
                <label htmlFor={`${id}-email`}>{t("suggest.email")}</label>
                <input
                  id={`${id}-email`}
                  type="email"
                  value={email}
                  autoComplete="email"
                  required
                  onChange={(e) => setEmail(e.target.value)}
                  aria-describedby={`${id}-email-hint`}
                />
                <span id={`${id}-email-hint`} className="muted">
                  {t("suggest.emailHint")}
                </span>
              </>
            )}
          </div>
        </div>
      </details>
      <ErrorMessage>{notReached ? t("suggest.notFlushed") : error}</ErrorMessage>
      <div className="suggest-buttons">
        <button type="submit" className="primary" disabled={busy || count === 0 || closed}>
          {busy ? t("suggest.sending") : t("suggest.send")}
        </button>
        <button type="button" onClick={suggesting.leave} disabled={busy}>
          {t("suggest.leave")}
        </button>
      </div>
    </form>
  );
}

/** Said once a proposal is sent: thanks, and the private link to follow it. */
export function SentNotice({ sent, onDismiss }: { sent: KeptProposal; onDismiss: () => void }) {
  const { t } = useTranslation();
  // The form that had the focus is gone: the thanks take it, so the link is the next stop.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice suggest-sent" role="status" ref={ref} tabIndex={-1}>
      <p>{t("suggest.sent", { number: sent.number })}</p>
      <CopyField value={followLink(sent)} label={t("suggest.followLink")} showLabel />
      <button type="button" onClick={onDismiss}>
        {t("suggest.dismiss")}
      </button>
    </div>
  );
}
