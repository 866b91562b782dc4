/**
 * The moderators' bell in the header: how many proposals arrived since they last looked, and a list
 * of what waits, each a link to its review. Looked at again every minute, when the tab comes back,
 * and when this tab saw or decided proposals.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { type Notifications, notificationApi } from "../../shared/api/notifications.ts";
import { callApi } from "../api.ts";
import { NOTIFICATIONS_CHANGED } from "../proposals/notificationsChanged.ts";
import { ago } from "../proposals/words.ts";
import { useSession } from "../session/session.tsx";
import "./notificationBell.css";

const EVERY_MS = 60_000;

export function NotificationBell() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const id = useId();
  const [notifications, setNotifications] = useState<Notifications | null>(null);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const signedIn = session.state === "signed-in" && !session.offline;

  const refresh = useCallback(() => {
    callApi(notificationApi.list).then(setNotifications, () => {});
  }, []);

  useEffect(() => {
    if (!signedIn) return setNotifications(null);
    refresh();
    const timer = setInterval(refresh, EVERY_MS);
    const onVisible = () => document.visibilityState === "visible" && refresh();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh);
    };
  }, [signedIn, refresh]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the list whenever the page changes
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => !root.current?.contains(event.target as Node) && setOpen(false);
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  // Only moderators have anything here; others never see a bell.
  if (!notifications || (notifications.items.length === 0 && notifications.unread === 0)) return null;
  const { unread, items } = notifications;
  return (
    <div className="notification-bell" ref={root}>
      <button type="button" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen((o) => !o)}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="bell-icon">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        <span aria-hidden="true" className={unread ? "bell-count unread" : "bell-count"}>
          {unread}
        </span>
        <span className="visually-hidden">{t("notifications.button", { count: unread })}</span>
      </button>
      <div id={`${id}-list`} className="notification-list" hidden={!open}>
        <h2>{t("notifications.title")}</h2>
        <ul>
          {items.map((item) => (
            <li key={`${item.datasetId}-${item.proposalNumber}`} className={item.unread ? "unread" : undefined}>
              <Link to={`/datasets/${item.datasetId}/proposals/${item.proposalNumber}`}>
                {t("notifications.item", {
                  number: item.proposalNumber,
                  title: item.datasetTitle,
                  name: item.nickname ?? t("proposals.anonymous"),
                })}
              </Link>{" "}
              <span className="muted">
                {ago((Date.now() - Date.parse(item.submittedAt)) / 1000)}
                {item.unread ? ` · ${t("notifications.new")}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
