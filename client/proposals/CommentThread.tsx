/** The conversation on a proposal between its contributor and the moderators (docs/PROPOSALS.md P24). */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ProposalComment, proposalApi } from "../../shared/api/proposals.ts";
import { callApi } from "../api.ts";
import { ErrorMessage, formatDate, useErrorText } from "../session/ui.tsx";
import { proposalToken } from "./capabilities.ts";

/** `token`: the contributor's private link; null for a moderator (their session). */
export function CommentThread({ proposalId, token }: { proposalId: string; token: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const errorText = useErrorText();
  const [comments, setComments] = useState<ProposalComment[] | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    callApi(proposalApi.comments, { params: { proposalId }, headers: proposalToken(token) }).then(
      (r) => setComments(r.comments),
      (e: unknown) => setError(errorText(e)),
    );
  }, [proposalId, token, errorText]);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const { comment } = await callApi(proposalApi.comment, {
        params: { proposalId },
        body: { text },
        headers: proposalToken(token),
      });
      setComments((list) => [...(list ?? []), comment]);
      setText("");
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const author = (c: ProposalComment) =>
    c.authorName ?? (c.authorRole === "moderator" ? t("comments.aModerator") : t("proposals.anonymous"));
  return (
    <section aria-labelledby={`${id}-title`} className="comment-thread">
      <h2 id={`${id}-title`}>{t("comments.title")}</h2>
      {comments?.length === 0 && <p className="muted">{t("comments.empty")}</p>}
      <ol className="comment-list">
        {comments?.map((c) => (
          <li key={c.id} className={`comment from-${c.authorRole}`}>
            <p className="muted">
              {t(`comments.role.${c.authorRole}`, { name: author(c) })} · {formatDate(c.createdAt)}
            </p>
            <p className="comment-text">{c.text}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void send(e)}>
        <label htmlFor={`${id}-text`}>{t("comments.write")}</label>
        <textarea id={`${id}-text`} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" disabled={busy || !text.trim()}>
          {t("comments.send")}
        </button>
      </form>
    </section>
  );
}
