/**
 * The points of a map as a list, for the keyboard and screen readers (a canvas cannot take focus):
 * a disclosure under the map ("List the 2,653 points"), then one button per point named by its
 * title. Built only once opened, so thousands of points cost nothing until someone asks for them.
 */
import type { MapPoint } from "./pointsMap.ts";

export type PointsListWords = {
  /** The disclosure's text, for this many points. */
  show: (count: number) => string;
  /** The list's name for screen readers. */
  label: string;
  /** A point whose title is empty. */
  untitled: string;
};

export function pointsList(
  element: HTMLElement,
  words: PointsListWords,
  open: (point: MapPoint, button: HTMLButtonElement) => void,
) {
  const details = document.createElement("details");
  details.className = "map-points";
  const summary = document.createElement("summary");
  const list = document.createElement("ul");
  list.setAttribute("aria-label", words.label);
  details.append(summary, list);
  element.append(details);
  let points: MapPoint[] = [];
  let built = false;

  const build = () => {
    const items = points.map((point) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = point.label || words.untitled;
      button.addEventListener("click", () => open(point, button));
      item.append(button);
      return item;
    });
    list.replaceChildren(...items);
    built = true;
  };
  // Built on the summary's click (Enter and Space click it too), before the details open: the
  // toggle event comes a task later, and a Tab pressed right after Enter would pass an empty list.
  summary.addEventListener("click", () => {
    if (!details.open && !built) build();
  });
  // Opened another way (find in page, a script).
  details.addEventListener("toggle", () => {
    if (details.open && !built) build();
  });

  return {
    update(next: MapPoint[]) {
      points = next;
      summary.textContent = words.show(next.length);
      built = false;
      if (details.open) build();
    },
    destroy: () => details.remove(),
  };
}
