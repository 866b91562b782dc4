/**
 * The embed page's map (server/embed/renderEmbed.ts writes its data into the page as JSON): the
 * points on a Leaflet map; opening a point reads its row from /api/v1 and lists the values as
 * text. When the snapshot changes, the page's refresh script calls dataPatchRefresh: the points
 * are read again from a fresh copy of the page and redrawn, the view kept.
 */
import type { ApiRow } from "../../shared/api/v1.ts";
import { cellText, type EmbedMapData } from "../../shared/embedMapData.ts";
import { type MapPoint, showPoints } from "../map/pointsMap.ts";

declare global {
  interface Window {
    dataPatchRefresh?: () => Promise<string>;
  }
}

const readData = (doc: Document): EmbedMapData | null => {
  const text = doc.getElementById("embed-map-data")?.textContent;
  return text ? (JSON.parse(text) as EmbedMapData) : null;
};
const toPoints = (data: EmbedMapData): MapPoint[] =>
  data.points.map(([lat, lon, id, label]) => ({ lat, lon, id, label }));

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
};

/** A value as text, or a link for a web address or an email (never `javascript:`). */
function valueNode(column: EmbedMapData["columns"][number], text: string): Node {
  if (column.type === "url" && /^https?:\/\//i.test(text)) {
    const a = element("a", text);
    a.href = text;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  if (column.type === "email" && /^[^\s@]+@[^\s@]+$/.test(text)) {
    const a = element("a", text);
    a.href = `mailto:${text}`;
    return a;
  }
  return document.createTextNode(text);
}

function popupFor(data: EmbedMapData) {
  return (point: MapPoint, changed: () => void) => {
    const box = element("div");
    const title = element("h2", point.label);
    const status = element("p", data.words.loading);
    box.append(title, status);
    const url = `/api/v1/datasets/${encodeURIComponent(data.datasetId)}/rows/${encodeURIComponent(point.id)}`;
    fetch(url)
      .then((answer) =>
        answer.ok ? (answer.json() as Promise<ApiRow>) : Promise.reject(new Error(String(answer.status))),
      )
      .then((row) => {
        const [first, ...rest] = data.columns;
        if (first) title.textContent = cellText(first, row.cells[first.id], data.words, data.language);
        const list = element("dl");
        for (const column of rest) {
          const text = cellText(column, row.cells[column.id], data.words, data.language);
          if (text === "") continue;
          const dd = element("dd");
          dd.append(valueNode(column, text));
          list.append(element("dt", column.name), dd);
        }
        status.replaceWith(list);
        changed();
      })
      .catch(() => {
        status.textContent = data.words.loadFailed;
        changed();
      });
    return box;
  };
}

const container = document.getElementById("map");
const data = readData(document);
if (container && data) {
  const list = document.createElement("div");
  container.after(list);
  const { words, language } = data;
  const map = showPoints(container, toPoints(data), {
    tiles: data.tiles,
    label: words.mapLabel,
    zoom: { zoomIn: words.zoomIn, zoomOut: words.zoomOut },
    list: {
      element: list,
      words: {
        show: (count) => words.listShow.replace("{count}", count.toLocaleString(language)),
        label: words.listLabel,
        untitled: words.untitled,
      },
    },
    popup: popupFor(data),
  });
  window.dataPatchRefresh = async () => {
    const html = await (await fetch(location.href, { cache: "no-store" })).text();
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const next = readData(fresh);
    if (!next) {
      location.reload(); // no point left, or an error page: show what the server shows now
      return data.version;
    }
    map.update(toPoints(next));
    for (const selector of ["header", "main > .count", "main > .more"]) {
      const now = document.querySelector(selector);
      const then = fresh.querySelector(selector);
      if (now && then) now.replaceWith(then);
    }
    data.version = next.version;
    return `"${next.version}"`;
  };
}
