/**
 * The header's account entry: "Sign in" when signed out; otherwise the person's name opening a small
 * list of links (a disclosure: Tab moves through it, Escape closes it and gives focus back).
 */
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { useSession } from "./session.tsx";

export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (session.state === "loading") return <span className="user-menu" />;
  if (session.state === "signed-out") {
    const here = `${location.pathname}${location.search}`;
    const onAuthPage = /^\/(sign-in|sign-up)$/.test(location.pathname);
    return (
      <div className="user-menu">
        <Link
          to={onAuthPage || here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`}
          className="sign-in-link"
        >
          {t("accounts.menu.signIn")}
        </Link>
      </div>
    );
  }

  async function signOut() {
    setOpen(false);
    await session.signOut();
    navigate("/");
  }

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">{t("accounts.menu.label")} </span>
        <span className="user-name">{session.user.name}</span>
        <span aria-hidden="true">▾</span>
      </button>
      <ul id={`${id}-menu`} className="user-menu-list" hidden={!open}>
        <li>
          <Link to="/account">{t("accounts.menu.account")}</Link>
        </li>
        <li>
          <Link to="/workspaces">{t("accounts.menu.workspaces")}</Link>
        </li>
        {session.user.isAdmin && (
          <li>
            <Link to="/admin">{t("accounts.menu.admin")}</Link>
          </li>
        )}
        <li>
          <button type="button" onClick={() => void signOut()}>
            {t("accounts.menu.signOut")}
          </button>
        </li>
      </ul>
    </div>
  );
}
