/** The moderators' notifications (docs/API.md, "Notifications"). */
import type { Notifications, ProposalMailPatch, ProposalMailSettings } from "../../shared/api/notifications.ts";
import { post, request } from "../accountApi.ts";

export const notificationApi = {
  list: () => request<Notifications>("/api/notifications"),
  seen: (datasetId: string) => post<null>("/api/notifications/seen", { datasetId }),
};

/** Tells the bell to look again (after proposals were seen or decided here). */
export const NOTIFICATIONS_CHANGED = "dataPatch:notifications-changed";
export const notificationsChanged = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));

/** A moderator opened a dataset's proposals: they are seen. */
export function markSeen(datasetId: string) {
  notificationApi.seen(datasetId).then(notificationsChanged, () => {});
}

/** How the person hears of new proposals by email (docs/PROPOSALS.md P26). */
export const proposalMailApi = {
  get: () => request<ProposalMailSettings>("/api/account/proposal-mail"),
  set: (patch: ProposalMailPatch) =>
    request<ProposalMailSettings>("/api/account/proposal-mail", { method: "PUT", body: patch }),
};
