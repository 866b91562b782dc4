import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type UnsavedCell, unsavedAsTsv } from "../collab/unsavedChanges.ts";

export type UnsavedReason = "rights" | "reset" | "lost" | "refused";

/**
 * Changes made on this device that could not be saved (rights dropped, the dataset was replaced,
 * access was lost, or the server refused a change), listed, with a button that copies them as a
 * tab-separated table (row, column, value) to paste anywhere, or, where the person may still
 * propose, sends the changed values to the moderators as a proposal.
 */
export function UnsavedChangesNotice({
  cells,
  reason,
  onDismiss,
  onPropose,
}: {
  cells: UnsavedCell[];
  reason: UnsavedReason;
  onDismiss?: () => void;
  /** Sends the changed values as a proposal; resolves with its number. */
  onPropose?: () => Promise<number>;
}) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const [proposal, setProposal] = useState<
    { state: "idle" | "sending" | "failed" } | { state: "sent"; number: number }
  >({ state: "idle" });
  const propose = () => {
    if (!onPropose) return;
    setProposal({ state: "sending" });
    onPropose().then(
      (number) => setProposal({ state: "sent", number }),
      () => setProposal({ state: "failed" }),
    );
  };
  if (cells.length === 0) return null;
  const words = {
    value: "",
    deleted: t("connection.unsaved.deleted"),
    restored: t("connection.unsaved.restored"),
    "added-or-moved": t("connection.unsaved.addedOrMoved"),
  };
  const header: [string, string, string] = [
    t("connection.unsaved.row"),
    t("connection.unsaved.column"),
    t("connection.unsaved.value"),
  ];
  const copyAll = () =>
    navigator.clipboard.writeText(unsavedAsTsv(cells, header, words)).then(
      () => setCopy("copied"),
      () => setCopy("failed"),
    );
  return (
    <section role="alert" className="notice unsaved-changes" aria-labelledby="unsaved-changes-title">
      <h2 id="unsaved-changes-title">{t("connection.unsaved.title", { count: cells.length })}</h2>
      <p>{t(`connection.unsaved.why.${reason}`)}</p>
      <table>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr key={`${cell.rowId}:${cell.columnId}`}>
              <td>{cell.row ?? t("connection.unsaved.newRow")}</td>
              <td>{cell.column}</td>
              <td>{cell.kind === "value" ? String(cell.value ?? "") : words[cell.kind]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={copyAll}>
        {t("connection.unsaved.copy")}
      </button>
      {onPropose && proposal.state !== "sent" && (
        <button type="button" onClick={propose} disabled={proposal.state === "sending"}>
          {t("connection.unsaved.propose")}
        </button>
      )}
      {onDismiss && (
        <button type="button" onClick={onDismiss}>
          {t("connection.unsaved.dismiss")}
        </button>
      )}
      {proposal.state === "sent" && (
        <p role="status">{t("connection.unsaved.proposed", { number: proposal.number })}</p>
      )}
      {proposal.state === "failed" && <p role="status">{t("connection.unsaved.proposeFailed")}</p>}
      {copy !== "idle" && (
        <p role="status">{t(copy === "copied" ? "connection.unsaved.copied" : "connection.unsaved.copyFailed")}</p>
      )}
    </section>
  );
}
