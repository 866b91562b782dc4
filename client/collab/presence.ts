/**
 * Presence through Yjs awareness: who is here (name, colour) and which cell each person is on.
 * The local name and colour are kept in localStorage so a person keeps them across visits. A visitor
 * has one name: the one others see here is the nickname their suggestions are signed with, so
 * whoever changes it (the presence bar, the suggestion panel, another tab) is heard by the others.
 */
import type { HocuspocusProvider } from "@hocuspocus/provider";

export type PresenceUser = { name: string; color: string };
export type Cursor = { rowId: string; columnId: string };
export type Peer = { clientId: number; user: PresenceUser; cursor: Cursor | null; self: boolean };

const STORAGE_KEY = "dataPatch.user";
/** Colours readable as 2px outlines on white and as chip backgrounds behind white text (≥ 4.5:1). */
export const PRESENCE_COLORS = ["#b4005a", "#0b6e4f", "#6a3fb5", "#a34700", "#0057b8", "#7a5c00", "#8a1c1c", "#00677a"];

/** A visitor's name on this device; `chosen` once they typed it (a generated guest name is not). */
export type StoredIdentity = PresenceUser & { chosen?: boolean };

export function loadIdentity(guestName: (n: number) => string): StoredIdentity {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as StoredIdentity | null;
    if (stored && typeof stored.name === "string" && typeof stored.color === "string") return stored;
  } catch {
    // ignore a damaged entry
  }
  const number = 1 + Math.floor(Math.random() * 999);
  const user = { name: guestName(number), color: PRESENCE_COLORS[number % PRESENCE_COLORS.length] as string };
  saveIdentity(user);
  return user;
}

const identityListeners = new Set<(user: StoredIdentity) => void>();

export function saveIdentity(user: StoredIdentity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    // storage refused: the name still holds in this tab
  }
  for (const listener of identityListeners) listener(user);
}

/** Called when this person's stored name or colour changes, here or in another tab. */
export function onIdentityChange(listener: (user: StoredIdentity) => void): () => void {
  identityListeners.add(listener);
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY || !event.newValue) return;
    try {
      const user = JSON.parse(event.newValue) as StoredIdentity;
      if (typeof user.name === "string" && typeof user.color === "string") listener(user);
    } catch {
      // ignore a damaged entry
    }
  };
  window.addEventListener("storage", fromOtherTab);
  return () => {
    identityListeners.delete(listener);
    window.removeEventListener("storage", fromOtherTab);
  };
}

export function publishUser(provider: HocuspocusProvider, user: PresenceUser): void {
  provider.awareness?.setLocalStateField("user", user);
}

export function publishCursor(provider: HocuspocusProvider, cursor: Cursor | null): void {
  provider.awareness?.setLocalStateField("cursor", cursor);
}

export function readPeers(provider: HocuspocusProvider): Peer[] {
  const awareness = provider.awareness;
  if (!awareness) return [];
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const user = state.user as PresenceUser | undefined;
    if (!user || typeof user.name !== "string") continue;
    const cursor = state.cursor as Cursor | null | undefined;
    peers.push({ clientId, user, cursor: cursor ?? null, self: clientId === awareness.clientID });
  }
  return peers.sort((a, b) => Number(b.self) - Number(a.self) || a.clientId - b.clientId);
}

export const cursorKey = (rowId: string, columnId: string) => `${rowId}\u0000${columnId}`;
