import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DatasetSession, SessionState } from "../collab/datasetSession.ts";

/**
 * Connected and up to date, sending, connecting, offline (with or without a local copy), stuck
 * (connected, but changes do not reach the server even after the session's own recovery: kept on
 * this device, with a retry), or stopped because the server refused a change from this device (the
 * page's alert says what to do). It never says "up to date" unless the server acknowledged
 * everything and the handshake is complete.
 */
export function ConnectionStatus({ session }: { session: DatasetSession }) {
  const { t } = useTranslation();
  const [state, setState] = useState<SessionState>(() => session.getState());
  useEffect(() => {
    setState(session.getState());
    return session.subscribe(setState);
  }, [session]);

  const kind = connectionKind(state);
  const text =
    kind === "refused"
      ? t("connection.refused")
      : kind === "stuck"
        ? t("connection.stuck")
        : kind === "connected"
          ? t("connection.connected")
          : kind === "sending"
            ? t("connection.sending", { count: state.unsynced })
            : kind === "connecting"
              ? t("connection.connecting")
              : state.readOnly
                ? t("connection.offlineReading")
                : state.persisted && state.unsynced > 0
                  ? t("connection.offlinePending", { count: state.unsynced })
                  : state.persisted
                    ? t("connection.offline")
                    : t("connection.offlineNoCache");
  // A first visit to a large dataset waits for all of it: say so until the first rows arrive.
  const receiving = !state.synced && state.status === "connected" && session.view.rowCount === 0;
  return (
    <p className={`connection connection-${kind}`} role="status" data-testid="connection-status" data-state={kind}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="visually-hidden">{t("connection.label")}: </span>
      {text}
      {kind === "stuck" && (
        <button type="button" className="connection-retry" onClick={() => session.retry()}>
          {t("connection.retry")}
        </button>
      )}
      {receiving && (
        <span className="connection-receiving" data-testid="receiving">
          <progress aria-label={t("connection.receiving")} /> {t("connection.receiving")}
        </span>
      )}
    </p>
  );
}

export function connectionKind(
  state: SessionState,
): "connected" | "sending" | "connecting" | "offline" | "refused" | "stuck" {
  if (state.refused) return "refused";
  if (state.stuck && state.status !== "disconnected") return "stuck";
  if (state.status === "connected") return state.unsynced > 0 || !state.synced ? "sending" : "connected";
  return state.status === "connecting" ? "connecting" : "offline";
}
