/**
 * The signed-in person, loaded once from GET /api/account (401: signed out) and shared by the header
 * and the pages. `refresh` reloads it (after sign-in, a change of name…), `signOut` ends the session.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { PublicUser } from "../../shared/api/auth.ts";
import { accountApi } from "../accountApi.ts";
import { deleteLocalCopies } from "../collab/localCopies.ts";
import "./accounts.css";

export type Session =
  | { state: "loading"; user: null }
  | { state: "signed-out"; user: null }
  | { state: "signed-in"; user: PublicUser };

type SessionValue = Session & {
  refresh: () => Promise<PublicUser | null>;
  /** Replaces the known user (e.g. with the answer of PATCH /api/account). */
  setUser: (user: PublicUser | null) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ state: "loading", user: null });

  const setUser = useCallback(
    (user: PublicUser | null) => setSession(user ? { state: "signed-in", user } : { state: "signed-out", user: null }),
    [],
  );

  const refresh = useCallback(async () => {
    try {
      const { user } = await accountApi.account();
      setUser(user);
      return user;
    } catch {
      // 401 (signed out), or offline: either way nobody is known to be signed in.
      setUser(null);
      return null;
    }
  }, [setUser]);

  const signOut = useCallback(async () => {
    try {
      await accountApi.signOut();
    } finally {
      setUser(null);
      // What this person could open must not stay on a shared computer.
      await deleteLocalCopies();
    }
  }, [setUser]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ ...session, refresh, setUser, signOut }), [session, refresh, setUser, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
