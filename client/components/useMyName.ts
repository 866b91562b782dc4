/**
 * The name this person goes by on a dataset, the same everywhere on the page: the account's name
 * when signed in, else the visitor's name kept on this device (presence.ts), which `rename` changes
 * for the presence bar, the suggestion panel and other tabs at once.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { loadIdentity, onIdentityChange, type PresenceUser, saveIdentity } from "../collab/presence.ts";
import { useSession } from "../session/session.tsx";

export type MyName = {
  /** Shown to others: the account's name when signed in. */
  me: PresenceUser;
  /** The name a suggestion is signed with unless changed: the account's, or one the visitor typed (never a generated guest name). */
  signature: string;
  /** Not signed in: the name is this device's, and `renameVisitor` changes it. */
  visitor: boolean;
  renameVisitor: (name: string) => void;
};

export function useMyName(): MyName {
  const { t } = useTranslation();
  const account = useSession();
  const [identity, setIdentity] = useState(() => loadIdentity((number) => t("presence.guest", { number })));
  useEffect(() => onIdentityChange(setIdentity), []);
  const accountName = account.state === "signed-in" ? account.user.name : null;
  return {
    me: { name: accountName ?? identity.name, color: identity.color },
    signature: accountName ?? (identity.chosen ? identity.name : ""),
    visitor: accountName === null,
    renameVisitor: (name) => {
      if (name && (name !== identity.name || !identity.chosen)) saveIdentity({ ...identity, name, chosen: true });
    },
  };
}
