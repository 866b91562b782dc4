import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { loadIdentity, type Peer, publishUser, readPeers, saveIdentity } from "../collab/presence.ts";

/** The people on this dataset, each with their colour; one's own name can be changed here. */
export function PresenceBar({ session }: { session: DatasetSession }) {
  const { t } = useTranslation();
  const [peers, setPeers] = useState<Peer[]>([]);
  const [me, setMe] = useState(() => loadIdentity((number) => t("presence.guest", { number })));

  useEffect(() => {
    publishUser(session.provider, me);
  }, [session, me]);

  // A signed-in person appears under their account name (unless they chose another one here).
  useEffect(() => {
    let cancelled = false;
    void api.me().then((user) => {
      if (cancelled || !user) return;
      setMe((current) => (isGuestName(current.name) ? { ...current, name: user.name } : current));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const awareness = session.provider.awareness;
    if (!awareness) return;
    const update = () => setPeers(readPeers(session.provider));
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [session]);

  return (
    <section className="presence" aria-label={t("presence.label")}>
      <ul data-testid="presence-list">
        {peers.slice(0, MAX_CHIPS).map((peer) => (
          <li key={peer.clientId} className="presence-chip" style={{ backgroundColor: peer.user.color }}>
            {peer.self ? t("presence.you", { name: peer.user.name }) : peer.user.name}
          </li>
        ))}
        {peers.length > MAX_CHIPS && (
          <li
            className="presence-chip presence-more"
            title={peers
              .slice(MAX_CHIPS)
              .map((p) => p.user.name)
              .join(", ")}
          >
            {t("presence.more", { count: peers.length - MAX_CHIPS })}
          </li>
        )}
      </ul>
      <label className="visually-hidden" htmlFor="presence-name">
        {t("presence.yourName")}
      </label>
      <input
        id="presence-name"
        className="presence-name"
        defaultValue={me.name}
        key={me.name}
        maxLength={40}
        onBlur={(e) => {
          const name = e.target.value.trim();
          if (!name || name === me.name) return;
          const next = { ...me, name };
          saveIdentity(next);
          setMe(next);
        }}
      />
    </section>
  );
}

/** Chips shown before "+N more": enough for a small team, small enough for a phone. */
const MAX_CHIPS = 4;

/** A generated name ("Guest 12", "Invité·e 12"), which a signed-in person's account name replaces. */
const isGuestName = (name: string) => /^(Guest|Invité·e) \d+$/.test(name);
