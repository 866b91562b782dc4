/**
 * The signed-in person, loaded once from GET /api/account (401: signed out) and shared by the header
 * and the pages. `refresh` reloads it (after sign-in, a change of name…), `signOut` ends the session.
 * Offline, the person last known on this device stays signed in (`offline: true`) rather than
 * looking signed out, and the session is checked again when the connection comes back.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { accountApi, authApi, type PublicUser } from "../../shared/api/auth.ts";
import { ApiError, callApi } from "../api.ts";
import { deleteLocalCopies } from "../collab/localCopies.ts";
import "./accounts.css";

export type Session =
  | { state: "loading"; user: null }
  | { state: "signed-out"; user: null }
  | { state: "signed-in"; user: PublicUser; offline?: boolean };

type SessionValue = Session & {
  refresh: () => Promise<PublicUser | null>;
  /** Replaces the known user (e.g. with the answer of PATCH /api/account). */
  setUser: (user: PublicUser | null) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ state: "loading", user: null });

  const setUser = useCallback((user: PublicUser | null) => {
    rememberUser(user);
    setSession(user ? { state: "signed-in", user } : { state: "signed-out", user: null });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const { user } = await callApi(accountApi.get);
      setUser(user);
      return user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setUser(null);
        return null;
      }
      // Offline, or the server is away: whoever was signed in on this device still is.
      const known = rememberedUser();
      setSession(known ? { state: "signed-in", user: known, offline: true } : { state: "signed-out", user: null });
      return known;
    }
  }, [setUser]);

  const signOut = useCallback(async () => {
    try {
      await callApi(authApi.signOut);
    } finally {
      setUser(null);
      // What this person could open must not stay on a shared computer.
      await deleteLocalCopies();
    }
  }, [setUser]);

  useEffect(() => {
    void refresh();
    const onOnline = () => void refresh();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [refresh]);

  const value = useMemo(() => ({ ...session, refresh, setUser, signOut }), [session, refresh, setUser, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

const KNOWN_USER_KEY = "dataPatch.signedInUser";

/** The signed-in person on this device, for offline visits; forgotten on sign-out. */
function rememberUser(user: PublicUser | null) {
  try {
    if (user) localStorage.setItem(KNOWN_USER_KEY, JSON.stringify(user));
    else localStorage.removeItem(KNOWN_USER_KEY);
  } catch {
    // storage refused: offline pages will look signed out, nothing worse
  }
}

function rememberedUser(): PublicUser | null {
  try {
    const user = JSON.parse(localStorage.getItem(KNOWN_USER_KEY) ?? "null") as PublicUser | null;
    return user && typeof user.id === "string" && typeof user.name === "string" ? user : null;
  } catch {
    return null;
  }
}
