/**
 * /workspaces: the person's workspaces with their datasets as cards. A card dragged onto another
 * workspace moves the dataset there; "Move to…" on each card does the same from the keyboard.
 * Also: create a workspace (for oneself or a group), create groups and manage their members.
 */
import { type DragEvent, type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type DatasetSummary, datasetApi } from "../../../shared/api/datasets.ts";
import { type Group, type Workspace, workspaceApi } from "../../../shared/api/workspaces.ts";
import { type Role, roles } from "../../../shared/rights.ts";
import { callApi } from "../../api.ts";
import { RequireSignIn } from "../../session/RequireSignIn.tsx";
import { ErrorMessage, Field, StatusMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";

const DRAG_TYPE = "application/x-data-patch-dataset";
const atLeast = (role: Role | null, least: Role) => role !== null && roles.indexOf(role) >= roles.indexOf(least);

export function WorkspacesPage() {
  const { t } = useTranslation();
  usePageTitle(t("accounts.workspaces.title"));
  return <RequireSignIn>{() => <Workspaces />}</RequireSignIn>;
}

function Workspaces() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [groups, setGroups] = useState<Group[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [{ workspaces: w }, { groups: g }] = await Promise.all([
        callApi(workspaceApi.list),
        callApi(workspaceApi.groups),
      ]);
      setWorkspaces(w);
      setGroups(g);
    } catch (e) {
      setError(errorText(e));
    }
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  const nameOf = (w: Workspace) =>
    w.ownerGroupId
      ? t("accounts.workspaces.ofGroup", {
          name: w.name,
          group: groups.find((g) => g.id === w.ownerGroupId)?.name ?? "…",
        })
      : w.name;

  async function move(dataset: DatasetSummary, target: Workspace) {
    if (dataset.workspaceId === target.id) return;
    setError(null);
    setStatus(null);
    try {
      await callApi(datasetApi.move, { params: { id: dataset.id }, body: { workspaceId: target.id } });
      setStatus(t("accounts.workspaces.moved", { title: dataset.title, workspace: nameOf(target) }));
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  function onDrop(event: DragEvent, target: Workspace) {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    const dataset = workspaces?.flatMap((w) => w.datasets).find((d) => d.id === id);
    if (dataset) void move(dataset, target);
  }

  const targets = (workspaces ?? []).filter((w) => atLeast(w.role, "editor"));

  return (
    <div className="page workspaces-page">
      <h1>{t("accounts.workspaces.title")}</h1>
      <p className="muted">{t("accounts.workspaces.dragHint")}</p>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
      {workspaces === null && !error && <p role="status">{t("accounts.loading")}</p>}
      <div className="workspace-grid">
        {workspaces?.map((w) => {
          const canDrop = atLeast(w.role, "editor");
          return (
            <section
              key={w.id}
              className={`workspace${dropTarget === w.id ? " drop-target" : ""}`}
              aria-labelledby={`ws-${w.id}`}
              data-testid="workspace"
              onDragOver={(event) => {
                if (!canDrop || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
                setDropTarget(w.id);
              }}
              onDragLeave={(event) => {
                if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
              }}
              onDrop={(event) => onDrop(event, w)}
            >
              <h2 id={`ws-${w.id}`}>{nameOf(w)}</h2>
              {w.datasets.length === 0 ? (
                <p className="muted drop-hint">{t("accounts.workspaces.empty")}</p>
              ) : (
                <ul className="dataset-cards">
                  {w.datasets.map((d) => (
                    <DatasetCard
                      key={d.id}
                      dataset={d}
                      targets={targets.filter((x) => x.id !== w.id)}
                      nameOf={nameOf}
                      onMove={(target) => void move(d, target)}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <NewWorkspace groups={groups} onCreated={load} />
      <Groups groups={groups} onChanged={load} />
    </div>
  );
}

function DatasetCard({
  dataset,
  targets,
  nameOf,
  onMove,
}: {
  dataset: DatasetSummary;
  targets: Workspace[];
  nameOf: (w: Workspace) => string;
  onMove: (target: Workspace) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const movable = dataset.role === "owner" && targets.length > 0;
  return (
    <li
      className="dataset-card"
      draggable={movable}
      data-testid="dataset-card"
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, dataset.id);
        event.dataTransfer.effectAllowed = "move";
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <Link to={`/datasets/${dataset.id}`} draggable={false}>
        {dataset.title}
      </Link>
      <span className="muted">
        {t(`accounts.roles.${dataset.role ?? "none"}`)} · {t(`accounts.openness.${dataset.openness}`)}
      </span>
      {movable && (
        <div className="move-menu">
          <button
            ref={button}
            type="button"
            aria-expanded={open}
            aria-controls={`${id}-targets`}
            onClick={() => setOpen((o) => !o)}
          >
            {t("accounts.workspaces.moveTo")}
            <span className="visually-hidden"> {dataset.title}</span>
          </button>
          <ul id={`${id}-targets`} hidden={!open} className="move-targets">
            {targets.map((target) => (
              <li key={target.id}>
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    onMove(target);
                  }}
                >
                  {nameOf(target)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

function NewWorkspace({ groups, onCreated }: { groups: Group[]; onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [name, setName] = useState("");
  const [groupId, setGroupId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!name.trim()) return setError(t("accounts.workspaces.nameRequired"));
    try {
      await callApi(workspaceApi.create, { body: { name: name.trim(), groupId: groupId || undefined } });
      setStatus(t("accounts.workspaces.created", { name: name.trim() }));
      setName("");
      await onCreated();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.workspaces.createTitle")}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field
          label={t("accounts.workspaces.name")}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t("accounts.workspaces.owner")}</label>
          <select id={`${id}-owner`} value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">{t("accounts.workspaces.ownerMe")}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {t("accounts.workspaces.ownerGroup", { name: g.name })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          {t("accounts.workspaces.create")}
        </button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
    </section>
  );
}

function Groups({ groups, onChanged }: { groups: Group[]; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!name.trim()) return setError(t("accounts.groups.nameRequired"));
    try {
      await callApi(workspaceApi.createGroup, { body: { name: name.trim() } });
      setStatus(t("accounts.groups.created", { name: name.trim() }));
      setName("");
      await onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.groups.title")}</h2>
      <p className="muted">{t("accounts.groups.intro")}</p>
      {groups.length === 0 && <p>{t("accounts.groups.none")}</p>}
      <ul className="plain-list">
        {groups.map((g) => (
          <GroupItem key={g.id} group={g} onChanged={onChanged} />
        ))}
      </ul>
      <form onSubmit={create} noValidate className="inline-form">
        <Field
          label={t("accounts.groups.name")}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary">
          {t("accounts.groups.create")}
        </button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
    </section>
  );
}

function GroupItem({ group, onChanged }: { group: Group; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t("accounts.errors.invalidEmail"));
    try {
      await callApi(workspaceApi.addGroupMember, { params: { id: group.id }, body: { email: email.trim() } });
      setStatus(t("accounts.groups.added", { email: email.trim(), name: group.name }));
      setEmail("");
      await onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function remove(member: { id: string; name?: string; email?: string }) {
    setError(null);
    setStatus(null);
    try {
      await callApi(workspaceApi.removeGroupMember, { params: { id: group.id, userId: member.id } });
      setStatus(t("accounts.groups.removed", { name: member.name ?? member.email ?? "", group: group.name }));
      await onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <li className="group-item">
      <h3>{group.name}</h3>
      {group.members && (
        <ul className="plain-list">
          {group.members.map((m) => (
            <li key={m.id} className="list-row">
              <span>
                {m.name} <span className="muted">{m.email}</span>
              </span>
              <button type="button" onClick={() => void remove(m)}>
                {t("accounts.groups.remove")}
                <span className="visually-hidden"> {m.name ?? m.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate className="inline-form">
        <Field
          label={t("accounts.groups.memberEmail", { name: group.name })}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit">{t("accounts.groups.add")}</button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
    </li>
  );
}
