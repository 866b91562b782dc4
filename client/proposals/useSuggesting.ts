/**
 * "Suggest changes" on a dataset page: starts (or continues, from this browser) the person's draft
 * proposal, opens its session, and ends it once sent or left. Offline, a new draft starts in this
 * browser alone and is created on the server as soon as it can be reached (the connection returns,
 * the dataset's session syncs, or the person sends it); with the panel closed, useDraftSync.ts does.
 */
import { useCallback, useEffect, useState } from "react";
import { proposalApi } from "../../shared/api/proposals.ts";
import { proposalDocumentName } from "../../shared/documentNames.ts";
import { type DatasetId, newProposalId } from "../../shared/ids.ts";
import { ApiError, callApi, collabUrl } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { syncWatchdogBounds } from "../session/instance.ts";
import { proposalToken } from "./capabilities.ts";
import { contributorStore, type KeptDraft, type KeptProposal } from "./contributorStore.ts";
import { createProposal, draftOnServer } from "./drafts.ts";
import type { ProposalMarks } from "./proposalPreview.ts";
import { ProposalSession } from "./proposalSession.ts";

export type Suggesting = {
  session: ProposalSession | null;
  marks: ProposalMarks | null;
  starting: boolean;
  error: unknown;
  start: () => Promise<void>;
  /** The proposal on the server: created now if the draft was started offline (throws if it still cannot be). */
  onServer: () => Promise<KeptProposal>;
  /** Leaves suggestion mode; the draft stays in this browser to continue later. */
  leave: () => void;
  /** After sending: the draft is done, its local copy forgotten, its link kept to follow it. */
  finish: (number: number) => Promise<KeptProposal | null>;
};

/** The server could not be reached (offline, or it is down): not an answer from it. */
export const unreachable = (e: unknown) => !(e instanceof ApiError);

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

  /** Creates a draft started offline on the server, once; the session then synchronises it. */
  const onServer = useCallback(async (): Promise<KeptProposal> => {
    if (!session) throw new Error("not suggesting");
    if (session.kept) return session.kept;
    const kept = await draftOnServer(datasetId, session);
    session.connect(kept);
    return kept;
  }, [session, datasetId]);

  // A draft started offline goes to the server as soon as it answers again.
  useEffect(() => {
    if (!session || session.kept) return;
    let refused = false;
    const attempt = () => {
      if (session.kept || refused) return;
      onServer().then(
        () => setError(null),
        (e: unknown) => {
          // The server answered no (a limit, a block): said once, not asked again on every change.
          if (unreachable(e)) return;
          refused = true;
          setError(e);
        },
      );
    };
    attempt();
    const offLive = live.subscribe((state) => {
      if (state.synced) attempt();
    });
    window.addEventListener("online", attempt);
    return () => {
      offLive();
      window.removeEventListener("online", attempt);
    };
  }, [session, live, onServer]);

  const start = useCallback(async () => {
    setStarting(true);
    setError(null);
    try {
      let draft = contributorStore.draft(datasetId);
      // A draft from an earlier visit that was sent, withdrawn or is gone from the server: start afresh.
      if (draft?.proposal && !(await stillADraft(draft.proposal))) {
        contributorStore.forgetDraft(datasetId);
        draft = null;
      }
      if (!draft) {
        draft = await newDraft(datasetId);
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
      if (!session?.kept) return null;
      const sent = { ...session.kept, number };
      contributorStore.keepSent(sent);
      contributorStore.forgetDraft(datasetId);
      await session.discardLocalCopy();
      leave();
      return sent;
    },
    [session, datasetId, leave],
  );

  return { session, marks, starting, error, start, onServer, leave, finish };
}

/** A new draft: on the server when it answers, else in this browser alone until it does. */
async function newDraft(datasetId: string): Promise<KeptDraft> {
  try {
    const proposal = await createProposal(datasetId);
    return { datasetId, localCopy: proposal.documentName, proposal };
  } catch (e) {
    if (!unreachable(e)) throw e;
    // A name of the grammar, never sent: deleting the dataset's local copies finds it too.
    const localCopy = proposalDocumentName(datasetId as DatasetId, newProposalId());
    return { datasetId, localCopy, proposal: null };
  }
}

/** Offline, a draft kept here is taken as still a draft: the server says otherwise once it answers. */
async function stillADraft(draft: KeptProposal): Promise<boolean> {
  try {
    return (
      (await callApi(proposalApi.follow, { params: { proposalId: draft.id }, headers: proposalToken(draft.token) }))
        .proposal.status === "draft"
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return false;
    if (unreachable(e)) return true;
    throw e;
  }
}
