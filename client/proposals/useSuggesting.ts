/**
 * "Suggest changes" on a dataset page: starts (or continues, from this browser) the person's draft
 * proposal, opens its session, and ends it once sent or left.
 */
import i18next from "i18next";
import { useCallback, useEffect, useState } from "react";
import { AccountApiError } from "../accountApi.ts";
import { collabUrl } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { syncWatchdogBounds } from "../session/instance.ts";
import { contributorStore, type KeptProposal } from "./contributorStore.ts";
import { proposalApi } from "./proposalApi.ts";
import type { ProposalMarks } from "./proposalPreview.ts";
import { ProposalSession } from "./proposalSession.ts";

export type Suggesting = {
  session: ProposalSession | null;
  marks: ProposalMarks | null;
  starting: boolean;
  error: unknown;
  start: () => Promise<void>;
  /** Leaves suggestion mode; the draft stays in this browser to continue later. */
  leave: () => void;
  /** After sending: the draft is done, its local copy forgotten, its link kept to follow it. */
  finish: (number: number) => Promise<KeptProposal | null>;
};

export function useSuggesting(datasetId: string, live: DatasetSession): Suggesting {
  const [session, setSession] = useState<ProposalSession | null>(null);
  const [marks, setMarks] = useState<ProposalMarks | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!session) return;
    setMarks(session.preview.marks);
    const off = session.preview.onChange(() => setMarks(session.preview.marks));
    return () => {
      off();
      session.destroy();
    };
  }, [session]);

  const start = useCallback(async () => {
    setStarting(true);
    setError(null);
    try {
      let draft = contributorStore.draft(datasetId);
      // A draft from an earlier visit that was sent, withdrawn or is gone from the server: start afresh.
      if (draft && !(await stillADraft(draft))) {
        contributorStore.forgetDraft(datasetId);
        draft = null;
      }
      if (!draft) {
        // The contributor's language, for the emails they may ask for.
        const language = i18next.resolvedLanguage ?? "en";
        const created = await proposalApi.create(datasetId, contributorStore.contributorToken(), { language });
        if (created.contributorToken) contributorStore.keepContributorToken(created.contributorToken);
        const { proposal, token } = created;
        draft = { datasetId, id: proposal.id, token, number: proposal.number, documentName: proposal.documentName };
        contributorStore.keepDraft(draft);
      }
      setSession(await ProposalSession.open(draft, live, collabUrl(), syncWatchdogBounds));
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  }, [datasetId, live]);

  const leave = useCallback(() => {
    setSession(null);
    setMarks(null);
  }, []);

  const finish = useCallback(
    async (number: number) => {
      if (!session) return null;
      const sent = { ...session.kept, number };
      contributorStore.keepSent(sent);
      contributorStore.forgetDraft(datasetId);
      await session.discardLocalCopy();
      leave();
      return sent;
    },
    [session, datasetId, leave],
  );

  return { session, marks, starting, error, start, leave, finish };
}

async function stillADraft(draft: KeptProposal): Promise<boolean> {
  try {
    return (await proposalApi.follow(draft.id, draft.token)).proposal.status === "draft";
  } catch (e) {
    if (e instanceof AccountApiError && e.status === 404) return false;
    throw e;
  }
}
