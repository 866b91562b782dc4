/**
 * /datasets/:id/settings (owners): openness, a link to the details and licence (edited on the
 * dataset's page), the websites allowed to show its embeds, members and
 * their roles, invitations by email, webhooks (WebhooksSection), repairing a document that holds
 * content outside the format (RepairSection), and deleting the dataset (confirmed by typing its title).
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { type DatasetSummary, datasetApi } from "../../../shared/api/datasets.ts";
import { type Invitation, type Member, memberApi } from "../../../shared/api/members.ts";
import { type Openness, opennessLevels, type Role, roles } from "../../../shared/rights.ts";
import { ApiError, callApi } from "../../api.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { useReloadingAction } from "../../components/useReloadingAction.ts";
import { useInstance } from "../../session/instance.ts";
import { RequireSignIn } from "../../session/RequireSignIn.tsx";
import { ErrorMessage, Field, formatDate, StatusMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import { editDetailsPath } from "../dataset/editDetailsLink.ts";
import { EmbedSitesSection } from "./EmbedSitesSection.tsx";
import { RepairSection } from "./RepairSection.tsx";
import { WebhooksSection } from "./WebhooksSection.tsx";

export function DatasetSettingsPage() {
  return <RequireSignIn>{(user) => <Settings userId={user.id} />}</RequireSignIn>;
}

function Settings({ userId }: { userId: string }) {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [dataset, setDataset] = useState<DatasetSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(dataset ? t("accounts.settings.title", { title: dataset.title }) : t("accounts.loading"));

  useEffect(() => {
    let cancelled = false;
    callApi(datasetApi.get, { params: { id } }).then(
      (d) => !cancelled && setDataset(d),
      (e) => !cancelled && setError(e instanceof ApiError && e.status === 404 ? t("dataset.notFound") : errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [id, t, errorText]);

  if (error)
    return (
      <div className="page narrow">
        <p role="alert">{error}</p>
        <Link to="/">{t("app.backHome")}</Link>
      </div>
    );
  if (!dataset)
    return (
      <p role="status" className="page">
        {t("accounts.loading")}
      </p>
    );
  if (dataset.role !== "owner")
    return (
      <div className="page narrow">
        <h1>{t("accounts.settings.title", { title: dataset.title })}</h1>
        <p role="alert">{t("accounts.settings.ownersOnly")}</p>
        <Link to={`/datasets/${dataset.id}`}>{t("accounts.settings.back")}</Link>
      </div>
    );

  return (
    <div className="page narrow settings-page">
      <p>
        <Link to={`/datasets/${dataset.id}`}>{t("accounts.settings.back")}</Link>
      </p>
      <h1>{t("accounts.settings.title", { title: dataset.title })}</h1>
      <OpennessSection dataset={dataset} onSaved={(openness) => setDataset({ ...dataset, openness })} />
      <DetailsSection datasetId={dataset.id} />
      <EmbedSitesSection datasetId={dataset.id} />
      <MembersSection datasetId={dataset.id} userId={userId} />
      <WebhooksSection datasetId={dataset.id} />
      <RepairSection datasetId={dataset.id} />
      <DeleteSection dataset={dataset} />
    </div>
  );
}

/** The open-data details live on the dataset's page: owners looking for them here are led there. */
function DetailsSection({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.settings.detailsTitle")}</h2>
      <p>{t("accounts.settings.detailsHelp")}</p>
      <p>
        <Link to={editDetailsPath(datasetId)}>{t("accounts.settings.detailsEdit")}</Link>
      </p>
    </section>
  );
}

function OpennessSection({ dataset, onSaved }: { dataset: DatasetSummary; onSaved: (o: Openness) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [openness, setOpenness] = useState<Openness>(dataset.openness);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await callApi(datasetApi.setOpenness, { params: { id: dataset.id }, body: { openness } });
      onSaved(openness);
      setStatus(t("accounts.settings.opennessSaved", { level: t(`accounts.openness.${openness}`) }));
      // Saved, the button is disabled until another choice: the focus goes back to the choice made.
      form.current?.querySelector<HTMLInputElement>("input[type=radio]:checked")?.focus();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.settings.opennessTitle")}</h2>
      <form ref={form} onSubmit={submit}>
        <fieldset className="openness-choices">
          <legend>{t("accounts.settings.opennessLegend")}</legend>
          {opennessLevels.map((level) => (
            <label key={level} className="choice openness-choice">
              <input
                type="radio"
                name={`${id}-openness`}
                value={level}
                checked={openness === level}
                aria-describedby={`${id}-${level}-d`}
                onChange={() => setOpenness(level)}
              />
              <span>
                <strong>{t(`accounts.openness.${level}`)}</strong>
                <span id={`${id}-${level}-d`} className="muted block">
                  {t(`accounts.opennessHelp.${level}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {openness === "public-edit" && (
          <p className="warning" role="note">
            {t("accounts.settings.publicEditWarning")}
          </p>
        )}
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{status}</StatusMessage>
        <button type="submit" className="primary" disabled={busy || openness === dataset.openness}>
          {t("accounts.settings.saveOpenness")}
        </button>
      </form>
    </section>
  );
}

function MembersSection({ datasetId, userId }: { datasetId: string; userId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const errorText = useErrorText();
  const { error, done: status, fail, act } = useReloadingAction(() => load());
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [inviteStatus, setInviteStatus] = useState<string | null>(null);
  const inviteForm = useRef<HTMLFormElement>(null);
  // With no email server, the link the inviter sends themselves.
  const [readyLink, setReadyLink] = useState<{ email: string; link: string } | null>(null);
  const emailConfigured = useInstance()?.emailConfigured !== false;

  const load = useCallback(async () => {
    try {
      const r = await callApi(memberApi.list, { params: { id: datasetId } });
      setMembers(r.members);
      setInvitations(r.invitations);
    } catch (e) {
      fail(errorText(e));
    }
  }, [datasetId, errorText, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const label = (m: Member) => m.name ?? m.email ?? t("accounts.settings.group");

  async function invite(event: FormEvent) {
    event.preventDefault();
    setInviteError(null);
    setInviteStatus(null);
    setReadyLink(null);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setInviteError(t("accounts.errors.invalidEmail"));
      // Back in the address, to correct it.
      inviteForm.current?.querySelector<HTMLInputElement>("input[type=email]")?.focus();
      return;
    }
    try {
      const created = await callApi(memberApi.invite, {
        params: { id: datasetId },
        body: { email: email.trim(), role },
      });
      if (created.emailSent) setInviteStatus(t("accounts.settings.invited", { email: created.email }));
      else {
        setInviteStatus(t("accounts.settings.invitationReady"));
        setReadyLink({ email: created.email, link: created.link });
      }
      setEmail("");
      await load();
    } catch (e) {
      setInviteError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.settings.membersTitle")}</h2>
      {members && (
        <ul className="plain-list members">
          {members.map((m) => (
            <li key={`${m.type}-${m.id}`} className="list-row" data-testid="member">
              <span>
                {label(m)}
                {m.id === userId && ` ${t("accounts.settings.you")}`}
                {m.email && m.name && (
                  <>
                    <br />
                    <span className="muted">{m.email}</span>
                  </>
                )}
              </span>
              <span className="row-actions">
                <select
                  aria-label={t("accounts.settings.roleOf", { name: label(m) })}
                  value={m.role}
                  onChange={(e) =>
                    void act(
                      () =>
                        callApi(memberApi.setRole, {
                          params: memberParams(datasetId, m),
                          body: { role: e.target.value as Role },
                        }),
                      t("accounts.settings.roleChanged", {
                        name: label(m),
                        role: t(`accounts.roles.${e.target.value as Role}`),
                      }),
                    )
                  }
                >
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`accounts.roles.${r}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () => callApi(memberApi.remove, { params: memberParams(datasetId, m) }),
                      t("accounts.settings.removed", { name: label(m) }),
                    )
                  }
                >
                  {t("accounts.settings.remove")}
                  <span className="visually-hidden"> {label(m)}</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>

      <h3>{t("accounts.settings.inviteTitle")}</h3>
      <form ref={inviteForm} onSubmit={invite} noValidate className="inline-form">
        <Field
          label={t("accounts.fields.email")}
          type="email"
          value={email}
          aria-invalid={inviteError ? true : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-role`}>{t("accounts.settings.role")}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`accounts.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          {emailConfigured ? t("accounts.settings.invite") : t("accounts.settings.inviteLink")}
        </button>
      </form>
      <ErrorMessage>{inviteError}</ErrorMessage>
      <StatusMessage>{inviteStatus}</StatusMessage>
      {readyLink && (
        <div className="invitation-ready" data-testid="invitation-link">
          <CopyField
            key={readyLink.link}
            value={readyLink.link}
            label={t("accounts.settings.invitationLink", { email: readyLink.email })}
            showLabel
          />
          <p className="muted">{t("accounts.settings.invitationLinkHint")}</p>
        </div>
      )}
      <h3>{t("accounts.settings.pendingTitle")}</h3>
      {invitations.length === 0 ? (
        <p className="muted">{t("accounts.settings.noPending")}</p>
      ) : (
        <ul className="plain-list">
          {invitations.map((i) => (
            <li key={i.id} className="list-row" data-testid="invitation">
              <span>
                {i.email} · {t(`accounts.roles.${i.role}`)}
                <br />
                <span className="muted">{t("accounts.settings.expires", { date: formatDate(i.expiresAt) })}</span>
              </span>
              <button
                type="button"
                onClick={() =>
                  void act(
                    () => callApi(memberApi.revokeInvitation, { params: { id: datasetId, invitationId: i.id } }),
                    t("accounts.settings.invitationRevoked", { email: i.email }),
                  )
                }
              >
                {t("accounts.settings.revokeInvitation")}
                <span className="visually-hidden"> {i.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeleteSection({ dataset }: { dataset: DatasetSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const id = useId();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (typed.trim() !== dataset.title.trim()) return setError(t("accounts.settings.deleteMismatch"));
    setBusy(true);
    setError(null);
    try {
      await callApi(datasetApi.delete, { params: { id: dataset.id } });
      navigate("/");
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.settings.deleteTitle")}</h2>
      <p>{t("accounts.settings.deleteIntro")}</p>
      <form onSubmit={submit} noValidate>
        <Field
          label={t("accounts.settings.deleteType", { title: dataset.title })}
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="danger solid" disabled={busy || typed.trim() !== dataset.title.trim()}>
          {t("accounts.settings.deleteButton")}
        </button>
      </form>
    </section>
  );
}

/** A member's address: `/members/users/{id}` or `/members/groups/{id}`. */
const memberParams = (id: string, member: Pick<Member, "type" | "id">) => ({
  id,
  principalType: `${member.type}s`,
  principalId: member.id,
});
