/**
 * A proposal for whoever holds its private link (`/proposals/<id>#<token>`; the token stays in the
 * fragment, never sent in a request line or a Referer): its status, the moderators' message, the
 * changes still waiting and those decided, and a way to withdraw it while it is pending.
 */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { datasetApi } from "../../../shared/api/datasets.ts";
import { type ProposalView, proposalApi, type Review } from "../../../shared/api/proposals.ts";
import { callApi } from "../../api.ts";
import { CommentThread } from "../../proposals/CommentThread.tsx";
import { proposalToken } from "../../proposals/capabilities.ts";
import { describeChange, describeDecided } from "../../proposals/words.ts";
import { ErrorMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import "./proposals.css";

const PENDING = new Set(["draft", "open", "partly-accepted"]);

export function FollowProposalPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const token = useLocation().hash.slice(1);
  const errorText = useErrorText();
  const [loaded, setLoaded] = useState<{ proposal: ProposalView; review: Review } | null>(null);
  const [columnNames, setColumnNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t("follow.title", { number: loaded?.proposal.number ?? "…" }));

  const load = useCallback(
    () =>
      callApi(proposalApi.follow, { params: { proposalId: id }, headers: proposalToken(token) }).then(
        (answer) => {
          setError(null);
          setLoaded(answer);
        },
        (e: unknown) => setError(errorText(e)),
      ),
    [id, token, errorText],
  );
  const datasetId = loaded?.proposal.datasetId;
  // The column names, to say what was decided ("Phone: 01 23 45 67 89"); without them, less detail.
  useEffect(() => {
    if (!datasetId) return;
    callApi(datasetApi.get, { params: { id: datasetId } }).then(
      (dataset) => setColumnNames(new Map(dataset.columns.map((c) => [c.id, c.name]))),
      () => {},
    );
  }, [datasetId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function withdraw() {
    setBusy(true);
    try {
      await callApi(proposalApi.withdraw, { params: { proposalId: id }, headers: proposalToken(token) });
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!loaded)
    return (
      <div className="page narrow">
        <ErrorMessage>{error && t("follow.loadError", { message: error })}</ErrorMessage>
        {!error && <p role="status">{t("proposals.loading")}</p>}
      </div>
    );
  const { proposal, review } = loaded;
  return (
    <div className="page narrow proposals-page">
      <h1>{t("follow.title", { number: proposal.number })}</h1>
      <p>
        <span className={`proposal-status status-${proposal.status}`}>{t(`proposals.status.${proposal.status}`)}</span>{" "}
        {t(`follow.statusHint.${proposal.status}`)}
      </p>
      <p>
        <Link to={`/datasets/${proposal.datasetId}`}>{t("follow.openDataset")}</Link>
      </p>
      {proposal.message && (
        <section aria-label={t("follow.yourMessage")}>
          <h2>{t("follow.yourMessage")}</h2>
          <p className="proposal-message">{proposal.message}</p>
        </section>
      )}
      {proposal.decisionMessage && (
        <section aria-label={t("follow.moderatorsMessage")}>
          <h2>{t("follow.moderatorsMessage")}</h2>
          <p className="proposal-message">{proposal.decisionMessage}</p>
        </section>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {review.changes.length > 0 ? (
        <>
          <h2>{t("follow.waiting", { count: review.changes.length })}</h2>
          <ul className="decided-list">
            {review.changes.map((change) => (
              <li key={change.id}>{describeChange(change, t)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("follow.nothingWaiting")}</p>
      )}
      {review.decided.length > 0 && (
        <>
          <h2>{t("proposals.decidedHeading")}</h2>
          <ul className="decided-list">
            {review.decided.map((d) => (
              <li key={`${d.changeId}-${d.at}`}>
                {t(`proposals.decided.${d.decision}`)} — {describeDecided(d, columnNames, t)}
              </li>
            ))}
          </ul>
        </>
      )}
      {PENDING.has(proposal.status) && proposal.status !== "draft" && (
        <button type="button" disabled={busy} onClick={() => void withdraw()}>
          {t("follow.withdraw")}
        </button>
      )}
      <CommentThread proposalId={proposal.id} token={token} />
    </div>
  );
}
