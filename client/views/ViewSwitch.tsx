/** Table, cards or map: the dataset page's choice of view, kept in the address (`?view=`) so it can be shared. */
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { EmbedView } from "../../shared/api/embeds.ts";

export function useDatasetViewChoice(hasMap: boolean): [EmbedView, (view: EmbedView) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get("view");
  const view: EmbedView = asked === "cards" || (asked === "map" && hasMap) ? asked : "grid";
  const choose = (next: EmbedView) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === "grid") updated.delete("view");
        else updated.set("view", next);
        return updated;
      },
      { replace: true },
    );
  return [view, choose];
}

export function ViewSwitch({
  view,
  hasMap,
  onChoose,
}: {
  view: EmbedView;
  hasMap: boolean;
  onChoose: (view: EmbedView) => void;
}) {
  const { t } = useTranslation();
  const views: EmbedView[] = hasMap ? ["grid", "cards", "map"] : ["grid", "cards"];
  return (
    <fieldset className="view-switch">
      <legend className="visually-hidden">{t("share.views.label")}</legend>
      {views.map((v) => (
        <button key={v} type="button" aria-pressed={v === view} onClick={() => onChoose(v)}>
          {t(`share.views.${v}`)}
        </button>
      ))}
    </fieldset>
  );
}
