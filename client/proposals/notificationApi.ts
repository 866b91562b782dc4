/** The moderators' notifications (docs/API.md, "Notifications"). */
import type { Notifications } from "../../shared/api/notifications.ts";
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
