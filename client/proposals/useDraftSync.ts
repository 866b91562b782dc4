/**
 * A draft this browser keeps for a dataset goes up to the server whenever the dataset page is open
 * and the server answers, not only while the suggestion panel is open (its own session does it
 * then: `paused`). A draft started offline is created on the server first, if it holds a change;
 * its local copy is then synchronised, and the connection closed once the server holds it all.
 * It is tried when the page opens, when the browser is back online, and when the dataset's own
 * session syncs (the server answers again).
 */
import { useEffect } from "react";
import { entryCount } from "../../shared/proposal/index.ts";
import { collabUrl } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { syncWatchdogBounds } from "../session/instance.ts";
import { contributorStore } from "./contributorStore.ts";
import { draftOnServer } from "./drafts.ts";
import { ProposalSession } from "./proposalSession.ts";
import { unreachable } from "./useSuggesting.ts";

export function useDraftSync(datasetId: string, live: DatasetSession, paused: boolean): void {
  useEffect(() => {
    if (paused) return;
    const stop = new AbortController();
    let running = false;
    const attempt = async () => {
      const draft = contributorStore.draft(datasetId);
      if (running || stop.signal.aborted || !draft) return;
      running = true;
      let session: ProposalSession | null = null;
      try {
        session = await ProposalSession.open({ ...draft, proposal: null }, live, collabUrl(), syncWatchdogBounds);
        // An empty draft started offline is not worth a proposal on the server.
        if (stop.signal.aborted || (!draft.proposal && entryCount(session.doc) === 0)) return stop.abort();
        session.connect(await draftOnServer(datasetId, session));
        await upToDate(session, stop.signal);
        stop.abort(); // done for this visit of the page
      } catch (e) {
        // The server answered no (a limit, a block): the panel says so when it is opened.
        if (!unreachable(e)) stop.abort();
      } finally {
        session?.destroy();
        running = false;
      }
    };
    const tryNow = () => void attempt();
    tryNow();
    const offLive = live.subscribe((state) => {
      if (state.synced) tryNow();
    });
    window.addEventListener("online", tryNow);
    return () => {
      stop.abort();
      offLive();
      window.removeEventListener("online", tryNow);
    };
  }, [datasetId, live, paused]);
}

/** Until the server holds every change of the session (or takes no more: sent, withdrawn, refused), or `signal` stops it. */
function upToDate(session: ProposalSession, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const settled = () => {
      const s = session.getState();
      return (s.synced && s.unsynced === 0) || s.closed || s.refused !== null || signal.aborted;
    };
    if (settled()) return resolve();
    const done = () => {
      off();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const off = session.subscribe(() => settled() && done());
    signal.addEventListener("abort", done);
  });
}
