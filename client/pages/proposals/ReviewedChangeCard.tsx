/**
 * One pending change of a proposal, as base / proposed / live now, with its own accept, reject and
 * correct (none when the proposal is closed: `onDecide` absent).
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReviewedChange } from "../../../shared/api/proposals.ts";
import type { CellValue } from "../../../shared/dataset/schema.ts";
import { placementText, shownValue } from "../../proposals/words.ts";

export type ChangeDecision = { accept: string } | { accept: string; value: CellValue } | { reject: string };

export function ReviewedChangeCard({
  change,
  columnNames,
  busy,
  onDecide,
}: {
  change: ReviewedChange;
  /** Column names by id, for a deleted row's values. */
  columnNames: ReadonlyMap<string, string>;
  busy: boolean;
  onDecide?: (decision: ChangeDecision) => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [correcting, setCorrecting] = useState(false);
  const [corrected, setCorrected] = useState("");
  const name = cardName(change, t);

  return (
    <article className={`change-card${change.conflict ? " conflict" : ""}`} aria-label={name} tabIndex={-1}>
      <h3>
        <span className="change-kind">{t(`proposals.kind.${change.kind}`)}</span> {name}
      </h3>
      {change.kind === "cell" && (
        <dl className="change-values">
          <dt>{t("proposals.base")}</dt>
          <dd>{shownValue(change.base, t)}</dd>
          <dt>{t("proposals.proposed")}</dt>
          <dd className="proposed">{shownValue(change.proposed, t)}</dd>
          <dt>{t("proposals.live")}</dt>
          <dd>{shownValue(change.live, t)}</dd>
        </dl>
      )}
      {change.kind === "row" && (
        <>
          <p className="change-note">{placementText(change.placement, t)}</p>
          <dl className="change-values">
            {change.cells.map((cell) => (
              <div key={cell.columnId}>
                <dt>{cell.column ?? t("proposals.deletedColumn")}</dt>
                <dd className="proposed">{shownValue(cell.proposed, t)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {change.kind === "delete" && (
        <dl className="change-values">
          {Object.entries(change.live ?? change.base).map(([columnId, value]) => (
            <div key={columnId}>
              <dt>{columnNames.get(columnId) ?? t("proposals.deletedColumn")}</dt>
              <dd>{shownValue(value, t)}</dd>
            </div>
          ))}
        </dl>
      )}
      {change.conflict && <p className="change-note warning">{t("proposals.conflict")}</p>}
      {change.alreadyLive && <p className="change-note">{t("proposals.alreadyLive")}</p>}
      {change.detail && <p className="change-note warning">{change.detail}</p>}
      {!onDecide ? null : correcting && change.kind === "cell" ? (
        <form
          className="change-actions"
          onSubmit={(e) => {
            e.preventDefault();
            onDecide({ accept: change.id, value: corrected === "" ? null : corrected });
          }}
        >
          <label htmlFor={inputId}>{t("proposals.correctLabel", { column: change.column ?? "" })}</label>
          <input id={inputId} value={corrected} onChange={(e) => setCorrected(e.target.value)} />
          <button type="submit" disabled={busy}>
            {t("proposals.acceptCorrected")}
          </button>
          <button type="button" onClick={() => setCorrecting(false)}>
            {t("proposals.cancel")}
          </button>
        </form>
      ) : (
        <div className="change-actions">
          <button
            type="button"
            disabled={busy || change.problem !== null}
            onClick={() => onDecide({ accept: change.id })}
          >
            {t("proposals.accept")}
          </button>
          <button type="button" disabled={busy} onClick={() => onDecide({ reject: change.id })}>
            {t("proposals.reject")}
          </button>
          {change.kind === "cell" && change.column !== null && (
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setCorrected(change.proposed === null ? "" : String(change.proposed));
                setCorrecting(true);
              }}
            >
              {t("proposals.correct")}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

/** "Phone · Médiathèque Champollion": the column, then the row as people know it. */
function cardName(
  change: ReviewedChange,
  t: (key: "proposals.deletedColumn" | "proposals.rowGone" | "proposals.emptyRow") => string,
) {
  if (change.kind === "cell") {
    const column = change.column ?? t("proposals.deletedColumn");
    return change.rowLabel ? `${column} · ${change.rowLabel}` : column;
  }
  if (change.kind === "row")
    return change.cells.map((c) => String(c.proposed ?? "")).find((v) => v) ?? t("proposals.emptyRow");
  const values = Object.values(change.live ?? change.base);
  return String(values.find((v) => v !== null && v !== "") ?? (change.live ? change.rowId : t("proposals.rowGone")));
}
