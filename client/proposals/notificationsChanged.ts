/** The moderators' bell looks again when proposals were seen or decided here. */
import { notificationApi } from "../../shared/api/notifications.ts";
import { callApi } from "../api.ts";

export const NOTIFICATIONS_CHANGED = "dataPatch:notifications-changed";
export const notificationsChanged = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));

/** A moderator opened a dataset's proposals: they are seen. */
export function markSeen(datasetId: string) {
  callApi(notificationApi.seen, { body: { datasetId } }).then(notificationsChanged, () => {});
}
