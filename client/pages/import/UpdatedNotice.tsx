/**
 * Back on the dataset after an update from a file: what it did, said once (the grid alone shows
 * no difference), until the person closes it. The update page passes the counts it previewed.
 */
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

export type UpdatedState = { updated: { fileName: string; added: number; changed: number; deleted: number } };

export function UpdatedNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const updated = (location.state as Partial<UpdatedState> | null)?.updated;
  if (!updated) return null;
  return (
    <div className="notice update-done" role="status">
      <p>
        {t("import.updatedNotice", {
          name: updated.fileName,
          added: t("import.added", { count: updated.added }),
          changed: t("import.updatedChanged", { count: updated.changed }),
          deleted: t("import.updatedDeleted", { count: updated.deleted }),
        })}
      </p>
      <button
        type="button"
        onClick={() => navigate(location.pathname + location.search, { replace: true, state: null })}
      >
        {t("share.panel.close")}
      </button>
    </div>
  );
}
