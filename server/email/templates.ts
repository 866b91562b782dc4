/**
 * Every email Data Patch sends, as text and HTML, in the recipient's language. The words live in
 * server/locales/{language}/email.json (one folder per language, like the client's), with {{name}},
 * {{dataset}} and {{role}} filled in here. Values inserted into the HTML part are escaped; links are
 * built from PUBLIC_URL by the caller, never from request headers.
 */
import { readdirSync, readFileSync } from "node:fs";
import i18next from "i18next";
import type { Role } from "../../shared/rights.ts";
import type en from "../locales/en/email.json";

export type Mail = { subject: string; text: string; html: string };
type Kind = Exclude<keyof typeof en, "roles" | "someone" | "noteLabel" | "proposalDigest">;
type Params = {
  name: string;
  dataset?: string;
  role?: string;
  /** A proposal's number, and who made it (for moderators). */
  number?: number;
  by?: string;
  /** The moderators' own words to a contributor, set apart from ours. */
  note?: string;
  /** A webhook endpoint's address, and how many of its deliveries failed. */
  url?: string;
  count?: number;
};

const localesDir = new URL("../locales/", import.meta.url);

/** The languages emails are written in: the folders of server/locales. */
export const emailLanguages = readdirSync(localesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const emails = i18next.createInstance();
void emails.init({
  initAsync: false,
  resources: Object.fromEntries(
    emailLanguages.map((lng) => [
      lng,
      { email: JSON.parse(readFileSync(new URL(`${lng}/email.json`, localesDir), "utf8")) as typeof en },
    ]),
  ),
  ns: ["email"],
  defaultNS: "email",
  fallbackLng: "en",
  interpolation: { escapeValue: false }, // the HTML part escapes below; the text part is plain.
  returnNull: false,
});

// The project's i18next key types describe the client's strings; these are the emails' own.
const t = emails.t.bind(emails) as unknown as (key: string, options: Record<string, unknown>) => string;

/** A language emails exist in: the recipient's, else English. */
const mailLanguage = (language: string) => (emailLanguages.includes(language) ? language : "en");

export function roleName(language: string, role: Role): string {
  return t(`roles.${role}`, { lng: mailLanguage(language) });
}

/** "Someone", in the recipient's language: a contributor who left no nickname. */
export function someone(language: string): string {
  return t("someone", { lng: mailLanguage(language) });
}

export function renderMail(kind: Kind, language: string, params: Params & { link?: string }): Mail {
  const lng = mailLanguage(language);
  const word = (part: "subject" | "intro" | "action" | "outro") =>
    emails.exists(`${kind}.${part}`, { lng }) ? t(`${kind}.${part}`, { ...params, lng }) : undefined;
  const [subject = "", intro = "", outro = ""] = [word("subject"), word("intro"), word("outro")];
  const actionLabel = word("action");
  const action = actionLabel && params.link ? { label: actionLabel, link: params.link } : null;
  const note = params.note ? `${t("noteLabel", { lng })} ${params.note}` : null;
  const text = [intro, note, action ? `${action.label}: ${action.link}` : null, outro].filter(Boolean).join("\n\n");
  const html = `<!doctype html><html lang="${lng}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(intro)}</p>
${note ? `<p>${escapeHtml(note)}</p>` : ""}
${action ? `<p><a href="${escapeHtml(action.link)}" style="display:inline-block;padding:8px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>` : ""}
<p>${escapeHtml(outro)}</p>
</body></html>`;
  return { subject, text, html };
}

/** One dataset's part of a moderator's daily digest (docs/PROPOSALS.md P25). */
export type DigestSection = {
  dataset: string;
  proposals: { number: number; by: string; changes: number; link: string }[];
};

/** The daily digest: each dataset's new proposals, with who sent them, how many changes, and a link to each review. */
export function renderDigest(
  language: string,
  params: { name: string; sections: DigestSection[]; settingsLink: string },
): Mail {
  const lng = mailLanguage(language);
  const word = (part: string, values: Record<string, unknown> = {}) => t(`proposalDigest.${part}`, { ...values, lng });
  const count = params.sections.reduce((n, section) => n + section.proposals.length, 0);
  const action = word("action");
  const intro = word("intro", { name: params.name });
  const outro = word("outro", { link: params.settingsLink });
  const sections = params.sections.map((section) => ({
    heading: word("dataset", { dataset: section.dataset }),
    items: section.proposals.map((p) => ({
      label: word("item", { number: p.number, by: p.by, count: p.changes }),
      link: p.link,
    })),
  }));
  const text = [
    intro,
    ...sections.map((s) =>
      [s.heading, ...s.items.map((i) => word("line", { item: i.label, link: i.link }))].join("\n"),
    ),
    outro,
  ].join("\n\n");
  const html = `<!doctype html><html lang="${lng}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(intro)}</p>
${sections
  .map(
    (s) => `<h2 style="font-size:1em">${escapeHtml(s.heading)}</h2>
<ul>${s.items.map((i) => `<li>${escapeHtml(i.label)} — <a href="${escapeHtml(i.link)}">${escapeHtml(action)}</a></li>`).join("")}</ul>`,
  )
  .join("\n")}
<p>${escapeHtml(outro)}</p>
</body></html>`;
  return { subject: word("subject", { count }), text, html };
}

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
