import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { accountApi } from "../../shared/api/auth.ts";
import { callApi } from "../api.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { type Peer, publishUser, readPeers } from "../collab/presence.ts";
import { useSession } from "../session/session.tsx";
import { useMyName } from "./useMyName.ts";

/**
 * The people on this dataset, each with their colour; one's own name can be changed here (Enter or
 * leaving the box). A visitor's name is kept on this device, and is also the name their suggestions
 * are signed with (useMyName.ts); a signed-in person is shown to others under their account name
 * (the server sees to it), so renaming here renames the account.
 */
export function PresenceBar({ session }: { session: DatasetSession }) {
  const { t } = useTranslation();
  const id = useId();
  const account = useSession();
  const [peers, setPeers] = useState<Peer[]>([]);
  const { me, renameVisitor } = useMyName();
  const [error, setError] = useState<string | null>(null);

  const { name, color } = me;
  useEffect(() => {
    publishUser(session.provider, { name, color });
  }, [session, name, color]);

  async function rename(name: string) {
    if (!name || name === me.name) return;
    setError(null);
    if (account.state !== "signed-in") {
      renameVisitor(name);
      return;
    }
    try {
      account.setUser((await callApi(accountApi.update, { body: { name } })).user);
    } catch (e) {
      setError(t("presence.renameFailed", { message: (e as Error).message }));
    }
  }

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
      <form
        className="presence-rename"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem("name") as HTMLInputElement;
          void rename(input.value.trim());
        }}
      >
        <label htmlFor={`${id}-name`}>{t("presence.yourName")}</label>
        <input
          id={`${id}-name`}
          name="name"
          className="presence-name"
          defaultValue={me.name}
          key={me.name}
          maxLength={40}
          enterKeyHint="done"
          onBlur={(e) => void rename(e.target.value.trim())}
        />
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** Chips shown before "+N more": enough for a small team, small enough for a phone. */
const MAX_CHIPS = 4;
