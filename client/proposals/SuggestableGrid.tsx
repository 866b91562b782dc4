/**
 * The dataset's grid, for everyone: people who may edit write to the dataset; people who may propose
 * (and editors who prefer to) click "Suggest changes" and the same grid writes to their proposal
 * (highlighted over the live data) until they send it; moderators get the way to the proposals.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Access, can } from "../../shared/rights.ts";
import { ApiError } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { DatasetGrid } from "../grid/DatasetGrid.tsx";
import { ErrorMessage, useErrorText } from "../session/ui.tsx";
import type { KeptProposal } from "./contributorStore.ts";
import { SentNotice, SuggestPanel } from "./SuggestPanel.tsx";
import { useDraftSync } from "./useDraftSync.ts";
import { useSuggesting } from "./useSuggesting.ts";

export function SuggestableGrid({
  datasetId,
  session,
  access,
}: {
  datasetId: string;
  session: DatasetSession;
  access: Access;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const suggesting = useSuggesting(datasetId, session);
  const [sent, setSent] = useState<KeptProposal | null>(null);
  const proposal = suggesting.session;
  // Editors may propose too (a change they want someone else to check): for them it is the second choice.
  const mayPropose = can(access, "propose");
  const onlyPropose = mayPropose && !can(access, "editCells");
  // A draft kept here goes up with the panel closed too; while it is open, its own session does it.
  useDraftSync(datasetId, session, !mayPropose || proposal !== null || suggesting.starting);

  return (
    <>
      {sent && <SentNotice sent={sent} onDismiss={() => setSent(null)} />}
      {(mayPropose || can(access, "moderate")) && !proposal && (
        <div className="proposal-entry">
          {mayPropose && (
            <button
              type="button"
              className={onlyPropose ? "primary" : undefined}
              disabled={suggesting.starting}
              onClick={() => {
                setSent(null);
                void suggesting.start();
              }}
            >
              {suggesting.starting ? t("suggest.starting") : sent ? t("suggest.startAgain") : t("suggest.start")}
            </button>
          )}
          {can(access, "moderate") && <Link to={`/datasets/${datasetId}/proposals`}>{t("proposals.datasetLink")}</Link>}
        </div>
      )}
      <ErrorMessage>
        {!suggesting.error
          ? null
          : // Refused although this person may propose: the moderators blocked them (P23).
            suggesting.error instanceof ApiError && suggesting.error.code === "forbidden"
            ? t("suggest.blocked")
            : t("suggest.startError", { message: errorText(suggesting.error) })}
      </ErrorMessage>
      <SuggestPanel suggesting={suggesting} onSent={setSent} />
      <DatasetGrid
        key={proposal ? `proposal-${proposal.localCopy}` : "dataset"}
        session={session}
        writer={proposal?.writer ?? session.writer}
        canEditCells={proposal ? true : can(access, "editCells")}
        canEditStructure={proposal ? false : can(access, "editStructure")}
        readOnlyNote={onlyPropose ? t("suggest.readOnlyNote") : undefined}
        proposal={
          proposal && suggesting.marks
            ? { view: proposal.preview.view, history: proposal.undo, marks: suggesting.marks }
            : undefined
        }
      />
    </>
  );
}
