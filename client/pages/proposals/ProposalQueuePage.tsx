/** A dataset's proposals for its moderators: numbered, with status, author, age, changes and conflicts. */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { datasetApi } from "../../../shared/api/datasets.ts";
import { moderationApi, type ProposalStatusName, type QueueEntry } from "../../../shared/api/proposals.ts";
import { ApiError, callApi } from "../../api.ts";
import { markSeen } from "../../proposals/notificationsChanged.ts";
import { ago } from "../../proposals/words.ts";
import { ErrorMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import { BlockedContributorsSection } from "./BlockedContributorsSection.tsx";
import "./proposals.css";

/** Submitted and not fully decided: what a moderator has to look at (drafts are still being written). */
const WAITING: ProposalStatusName[] = ["open", "partly-accepted"];

export function ProposalQueuePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const errorText = useErrorText();
  const filterId = useId();
  const [title, setTitle] = useState("");
  const [proposals, setProposals] = useState<QueueEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  usePageTitle(t("proposals.queueTitle", { title: title || "…" }));

  useEffect(() => markSeen(id), [id]);

  useEffect(() => {
    let cancelled = false;
    callApi(datasetApi.get, { params: { id } }).then(
      (dataset) => !cancelled && setTitle(dataset.title),
      () => {},
    );
    callApi(moderationApi.queue, { params: { id } }).then(
      (queue) => !cancelled && setProposals(queue.proposals),
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
  }, [id, errorText, t]);

  const shown = proposals?.filter((p) => showAll || WAITING.includes(p.status)) ?? [];
  return (
    <div className="page proposals-page">
      <p>
        <Link to={`/datasets/${id}`}>{t("proposals.backToDataset")}</Link>
      </p>
      <h1>{t("proposals.queueTitle", { title: title || "…" })}</h1>
      <ErrorMessage>{error}</ErrorMessage>
      {!error && proposals === null && <p role="status">{t("proposals.loading")}</p>}
      {proposals && (
        <>
          <div className="field inline">
            <label htmlFor={filterId}>{t("proposals.statusFilter")}</label>
            <select
              id={filterId}
              value={showAll ? "all" : "pending"}
              onChange={(e) => setShowAll(e.target.value === "all")}
            >
              <option value="pending">{t("proposals.pending")}</option>
              <option value="all">{t("proposals.all")}</option>
            </select>
          </div>
          {shown.length === 0 ? (
            <p>{t(showAll ? "proposals.emptyAll" : "proposals.empty")}</p>
          ) : (
            <ul className="proposal-queue">
              {shown.map((p) => (
                <li key={p.id}>
                  <Link to={`/datasets/${id}/proposals/${p.number}`}>
                    {t("proposals.number", { number: p.number })}
                  </Link>{" "}
                  <span className={`proposal-status status-${p.status}`}>{t(`proposals.status.${p.status}`)}</span>
                  <p className="muted">
                    {t("proposals.by", { name: p.nickname ?? t("proposals.anonymous") })} ·{" "}
                    {t("proposals.sent", { age: ago(p.ageSeconds) })} · {t("proposals.changes", { count: p.changes })}
                    {p.conflicts > 0 && (
                      <>
                        {" · "}
                        <strong>{t("proposals.conflicts", { count: p.conflicts })}</strong>
                      </>
                    )}
                  </p>
                  {p.message && <p className="proposal-message">{p.message}</p>}
                </li>
              ))}
            </ul>
          )}
          <BlockedContributorsSection datasetId={id} />
        </>
      )}
    </div>
  );
}
