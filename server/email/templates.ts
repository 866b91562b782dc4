/**
 * Every email Data Patch sends, in French and English, as text and HTML. Values inserted into the
 * HTML part are escaped; links are built from PUBLIC_URL by the caller, never from request headers.
 */
import type { Role } from "../../shared/rights.ts";
import type { Language } from "../storage/accountTypes.ts";

export type Mail = { subject: string; text: string; html: string };

type Copy = { subject: string; intro: string; action?: string; outro: string };
type Kind =
  | "verifyEmail"
  | "signUpExisting"
  | "resetPassword"
  | "passwordChanged"
  | "confirmEmailChange"
  | "invitation";

type Params = { name: string; dataset?: string; role?: string };

const copy: Record<Language, Record<Kind, (p: Params) => Copy>> = {
  en: {
    verifyEmail: ({ name }) => ({
      subject: "Confirm your email address for Data Patch",
      intro: `Hello ${name}, welcome to Data Patch. Please confirm your email address to activate your account.`,
      action: "Confirm my address",
      outro: "The link is valid for 24 hours. If you did not create an account, ignore this message.",
    }),
    signUpExisting: ({ name }) => ({
      subject: "Someone tried to create a Data Patch account with your address",
      intro: `Hello ${name}, someone (perhaps you) tried to create an account with this email address, which already has one.`,
      action: "Reset my password",
      outro: "If it was you, sign in or reset your password. Otherwise you can ignore this message.",
    }),
    resetPassword: ({ name }) => ({
      subject: "Reset your Data Patch password",
      intro: `Hello ${name}, we received a request to reset your password.`,
      action: "Choose a new password",
      outro: "The link is valid for 30 minutes and works once. If you did not ask for it, ignore this message.",
    }),
    passwordChanged: ({ name }) => ({
      subject: "Your Data Patch password was changed",
      intro: `Hello ${name}, the password of your account was just changed and every session was signed out.`,
      outro: "If you did not do this, reset your password now and contact the administrator of this Data Patch.",
    }),
    confirmEmailChange: ({ name }) => ({
      subject: "Confirm your new email address for Data Patch",
      intro: `Hello ${name}, please confirm that this is the new email address of your account.`,
      action: "Confirm this address",
      outro: "The link is valid for one hour. If you did not ask for this change, ignore this message.",
    }),
    invitation: ({ name, dataset, role }) => ({
      subject: `${name} invites you to the dataset “${dataset}” on Data Patch`,
      intro: `${name} invites you to join the dataset “${dataset}” as ${role}.`,
      action: "Accept the invitation",
      outro: "The link is valid for 7 days and works once. You will be asked to sign in or create an account.",
    }),
  },
  fr: {
    verifyEmail: ({ name }) => ({
      subject: "Confirmez votre adresse électronique pour Data Patch",
      intro: `Bonjour ${name}, bienvenue sur Data Patch. Confirmez votre adresse pour activer votre compte.`,
      action: "Confirmer mon adresse",
      outro: "Le lien est valable 24 heures. Si vous n’avez pas créé de compte, ignorez ce message.",
    }),
    signUpExisting: ({ name }) => ({
      subject: "Quelqu’un a tenté de créer un compte Data Patch avec votre adresse",
      intro: `Bonjour ${name}, quelqu’un (peut-être vous) a tenté de créer un compte avec cette adresse, qui en a déjà un.`,
      action: "Réinitialiser mon mot de passe",
      outro: "Si c’était vous, connectez-vous ou réinitialisez votre mot de passe. Sinon, ignorez ce message.",
    }),
    resetPassword: ({ name }) => ({
      subject: "Réinitialisez votre mot de passe Data Patch",
      intro: `Bonjour ${name}, nous avons reçu une demande de réinitialisation de votre mot de passe.`,
      action: "Choisir un nouveau mot de passe",
      outro: "Le lien est valable 30 minutes, une seule fois. Si vous n’avez rien demandé, ignorez ce message.",
    }),
    passwordChanged: ({ name }) => ({
      subject: "Votre mot de passe Data Patch a été modifié",
      intro: `Bonjour ${name}, le mot de passe de votre compte vient d’être modifié et toutes les sessions ont été fermées.`,
      outro: "Si ce n’était pas vous, réinitialisez votre mot de passe et prévenez l’administrateur de ce Data Patch.",
    }),
    confirmEmailChange: ({ name }) => ({
      subject: "Confirmez votre nouvelle adresse pour Data Patch",
      intro: `Bonjour ${name}, confirmez que ceci est la nouvelle adresse de votre compte.`,
      action: "Confirmer cette adresse",
      outro: "Le lien est valable une heure. Si vous n’avez pas demandé ce changement, ignorez ce message.",
    }),
    invitation: ({ name, dataset, role }) => ({
      subject: `${name} vous invite sur le jeu de données « ${dataset} » dans Data Patch`,
      intro: `${name} vous invite à rejoindre le jeu de données « ${dataset} » en tant que ${role}.`,
      action: "Accepter l’invitation",
      outro:
        "Le lien est valable 7 jours, une seule fois. Il vous sera demandé de vous connecter ou de créer un compte.",
    }),
  },
};

export const roleNames: Record<Language, Record<Role, string>> = {
  en: { reader: "reader", contributor: "contributor", editor: "editor", moderator: "moderator", owner: "owner" },
  fr: {
    reader: "lecteur",
    contributor: "contributeur",
    editor: "éditeur",
    moderator: "modérateur",
    owner: "propriétaire",
  },
};

export function renderMail(kind: Kind, language: Language, params: Params & { link?: string }): Mail {
  const c = copy[language][kind](params);
  const action = c.action && params.link ? { label: c.action, link: params.link } : null;
  const text = [c.intro, action ? `${action.label}: ${action.link}` : null, c.outro].filter(Boolean).join("\n\n");
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(c.intro)}</p>
${action ? `<p><a href="${escapeHtml(action.link)}" style="display:inline-block;padding:8px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>` : ""}
<p>${escapeHtml(c.outro)}</p>
</body></html>`;
  return { subject: c.subject, text, html };
}

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
