/**
 * What the server says about itself (GET /api/instance): whether it still needs its first
 * administrator (the setup page) and whether it can send email. Asked once per page load and
 * shared by every component; `refreshInstance` asks again (after the setup is done).
 * Null while unknown (loading, or offline): callers then claim nothing either way.
 */
import { useEffect, useSyncExternalStore } from "react";
import { type InstanceInfo, instanceApi } from "../../shared/api/instance.ts";
import { callApi } from "../api.ts";
import { boundsFor, DEFAULT_BOUNDS, type WatchdogBounds } from "../collab/syncWatchdog.ts";

let current: InstanceInfo | null = null;
let asked: Promise<void> | null = null;
const listeners = new Set<() => void>();

export function refreshInstance(): Promise<void> {
  asked = callApi(instanceApi.info).then(
    (info) => {
      current = info;
      for (const listener of listeners) listener();
    },
    () => {
      asked = null; // offline or away: ask again on the next page that needs it
    },
  );
  return asked;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useInstance(): InstanceInfo | null {
  useEffect(() => {
    if (!asked) void refreshInstance();
  }, []);
  return useSyncExternalStore(subscribe, () => current);
}

/**
 * The sync watchdog's bounds this instance asks for (`SYNC_WATCHDOG_MS`), read each time the
 * watchdog looks: the answer may come after a session opened, and offline the defaults hold.
 */
export function syncWatchdogBounds(): WatchdogBounds {
  return current ? boundsFor(current.syncWatchdogMs) : DEFAULT_BOUNDS;
}
