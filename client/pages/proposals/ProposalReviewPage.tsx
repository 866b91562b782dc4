/**
 * A proposal for its moderators: every pending change as base / proposed / live now, accepted or
 * rejected as a whole (opening this page, then "Accept all": two clicks) or one by one, a cell
 * corrected before it is accepted, and a message to the contributor. Accepted values are replayed
 * onto the live dataset by the server (docs/PROPOSALS.md P8).
 */

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { datasetApi } from "../../../shared/api/datasets.ts";
import {
  type DecisionsRequest,
  moderationApi,
  type ProposalStatusName,
  type ProposalView,
  type Review,
} from "../../../shared/api/proposals.ts";
import { ApiError, callApi } from "../../api.ts";
import { CommentThread } from "../../proposals/CommentThread.tsx";
import { markSeen } from "../../proposals/notificationsChanged.ts";
import { describeDecided } from "../../proposals/words.ts";
import { ErrorMessage, StatusMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import { ContributorBlocking } from "./ContributorBlocking.tsx";
import { type ChangeDecision, ReviewedChangeCard } from "./ReviewedChangeCard.tsx";
import "./proposals.css";

const CLOSED: ProposalStatusName[] = ["accepted", "rejected", "withdrawn"];

type Loaded = {
  proposal: ProposalView;
  review: Review;
  contributorBlocked: boolean;
  title: string;
  columnNames: Map<string, string>;
};

export function ProposalReviewPage() {
  const { t } = useTranslation();
  const { id = "", number: numberParam = "" } = useParams();
  const number = Number(numberParam);
  const errorText = useErrorText();
  const messageId = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  // A decided card leaves the page with the focus: it goes on to the next card, or to the heading.
  const changesRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [focusCard, setFocusCard] = useState<number | null>(null);
  usePageTitle(t("proposals.reviewTitle", { number, title: loaded?.title ?? "…" }));

  useEffect(() => markSeen(id), [id]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      callApi(datasetApi.get, { params: { id } }),
      callApi(moderationApi.review, { params: { id, number } }),
    ]).then(
      ([dataset, { proposal, review, contributorBlocked }]) => {
        if (cancelled) return;
        const columnNames = new Map(dataset.columns.map((c) => [c.id, c.name]));
        setLoaded({ proposal, review, contributorBlocked, title: dataset.title, columnNames });
      },
      (e: unknown) =>
        !cancelled &&
        setError(
          e instanceof ApiError && (e.status === 401 || e.status === 403)
            ? t("proposals.moderatorsOnly")
            : t("proposals.loadError", { message: errorText(e) }),
        ),
    );
    return () => {
      cancelled = true;
    };
  }, [id, number, errorText, t]);

  const decide = useCallback(
    async (decisions: Partial<DecisionsRequest>) => {
      setBusy(true);
      setError(null);
      try {
        const answer = await callApi(moderationApi.decide, {
          params: { id, number },
          body: { ...decisions, ...(message ? { message } : {}) },
        });
        setLoaded((l) => l && { ...l, proposal: answer.proposal, review: answer.review });
        const { accepted, rejected, notAccepted } = answer.outcome;
        setStatus(
          [
            t("proposals.outcome", { accepted: accepted.length, rejected: rejected.length }),
            notAccepted.length ? t("proposals.outcomeNotAccepted", { count: notAccepted.length }) : "",
          ].join(" "),
        );
      } catch (e) {
        setError(t("proposals.decideError", { message: errorText(e) }));
      } finally {
        setBusy(false);
      }
    },
    [id, number, message, t, errorText],
  );
  useEffect(() => {
    if (focusCard === null || busy) return;
    setFocusCard(null);
    const cards = changesRef.current?.querySelectorAll<HTMLElement>(".change-card") ?? [];
    (cards[Math.min(focusCard, cards.length - 1)] ?? headingRef.current)?.focus();
  });
  // Blocking rejects the contributor's pending proposals, this one among them: the review is read again.
  const blockingChanged = useCallback(async () => {
    const { proposal, review, contributorBlocked } = await callApi(moderationApi.review, { params: { id, number } });
    setLoaded((l) => l && { ...l, proposal, review, contributorBlocked });
  }, [id, number]);
  const decideOne = (d: ChangeDecision, index: number) => {
    setFocusCard(index);
    void decide(
      "reject" in d ? { reject: [d.reject] } : { accept: ["value" in d ? { id: d.accept, value: d.value } : d.accept] },
    );
  };

  const back = (
    <p>
      <Link to={`/datasets/${id}/proposals`}>{t("proposals.queueHeading")}</Link> ·{" "}
      <Link to={`/datasets/${id}`}>{t("proposals.backToDataset")}</Link>
    </p>
  );
  if (!loaded)
    return (
      <div className="page proposals-page">
        {back}
        <ErrorMessage>{error}</ErrorMessage>
        {!error && <p role="status">{t("proposals.loading")}</p>}
      </div>
    );

  const { proposal, review } = loaded;
  const pending = review.changes;
  // Not sent yet, withdrawn, or rejected by a block (P23) with changes left in it: shown, not decided.
  const closed = proposal.status === "draft" || CLOSED.includes(proposal.status);
  return (
    <div className="page proposals-page">
      {back}
      <h1 ref={headingRef} tabIndex={-1}>
        {t("proposals.reviewTitle", { number, title: loaded.title })}
      </h1>
      <p>
        <span className={`proposal-status status-${proposal.status}`}>{t(`proposals.status.${proposal.status}`)}</span>{" "}
        {t("proposals.by", { name: proposal.nickname ?? t("proposals.anonymous") })}
        {review.conflicts > 0 && (
          <>
            {" · "}
            <strong>{t("proposals.conflicts", { count: review.conflicts })}</strong>
          </>
        )}
      </p>
      <section aria-label={t("proposals.contributorMessage")} className="proposal-message">
        <h2>{t("proposals.contributorMessage")}</h2>
        <p>{proposal.message || t("proposals.noMessage")}</p>
      </section>
      {proposal.staleEpoch && <p className="notice">{t("proposals.staleEpoch")}</p>}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>

      {proposal.status === "draft" ? (
        <p className="notice">{t("proposals.draftNote")}</p>
      ) : closed && pending.length > 0 ? (
        <p className="notice">
          {t("proposals.closedNote", { status: t(`proposals.status.${proposal.status}`).toLowerCase() })}
        </p>
      ) : pending.length > 0 ? (
        <div className="decision-bar">
          <div className="field">
            <label htmlFor={messageId}>{t("proposals.messageToContributor")}</label>
            <textarea id={messageId} value={message} maxLength={2000} onChange={(e) => setMessage(e.target.value)} />
          </div>
          <div className="decision-buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => void decide({ all: "accept" })}>
              {t("proposals.acceptAll")}
            </button>
            <button type="button" disabled={busy} onClick={() => void decide({ all: "reject" })}>
              {t("proposals.rejectAll")}
            </button>
          </div>
        </div>
      ) : (
        <p>{t("proposals.noPending")}</p>
      )}

      {pending.length > 0 && (
        <section aria-labelledby={`${messageId}-changes`}>
          <h2 id={`${messageId}-changes`}>
            {t("proposals.changesHeading")} ({pending.length})
          </h2>
          <div className="change-list" ref={changesRef}>
            {pending.map((change, index) => (
              <ReviewedChangeCard
                key={change.id}
                change={change}
                columnNames={loaded.columnNames}
                busy={busy}
                {...(closed ? {} : { onDecide: (d: ChangeDecision) => decideOne(d, index) })}
              />
            ))}
          </div>
        </section>
      )}

      {review.decided.length > 0 && (
        <section aria-labelledby={`${messageId}-decided`}>
          <h2 id={`${messageId}-decided`}>{t("proposals.decidedHeading")}</h2>
          <ul className="decided-list">
            {review.decided.map((d) => (
              <li key={`${d.changeId}-${d.at}`}>
                {t(`proposals.decided.${d.decision}`)} — {describeDecided(d, loaded.columnNames, t)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <CommentThread proposalId={proposal.id} token={null} />
      <ContributorBlocking proposal={proposal} blocked={loaded.contributorBlocked} onChanged={blockingChanged} />
    </div>
  );
}
