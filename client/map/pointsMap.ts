/**
 * A Leaflet map of points, drawn on one canvas (thousands of points stay fast on a phone), over
 * the configured raster tiles. Shared by the embed page (client/embed/embedMap.ts) and the app's
 * map view. Popups are built by the caller as DOM nodes: a cell's text never becomes HTML.
 *
 * Points on a canvas cannot take the keyboard's focus, so the points are also a list under the map
 * (pointsList.ts): one button per point, named by its title; Enter opens its popup on the map with
 * the focus in it, Escape closes it and brings the focus back to the button.
 */
import * as L from "leaflet";
import "leaflet/dist/leaflet.css";
import "./pointsMap.css";
import type { MapTiles } from "../../shared/api/instance.ts";
import { type PointsListWords, pointsList } from "./pointsList.ts";

export type MapPoint = { lat: number; lon: number; id: string; label: string };

export type PointsMap = {
  /** Replaces the points, keeping the view the person chose. */
  update(points: MapPoint[]): void;
  destroy(): void;
};

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The tiles' credit as Leaflet wants it (HTML), from the configured text and link. */
function attributionHtml(tiles: MapTiles): string {
  const text = escapeText(tiles.attribution);
  return tiles.attributionUrl && /^https?:\/\//.test(tiles.attributionUrl)
    ? `<a href="${escapeText(tiles.attributionUrl)}" target="_blank" rel="noopener noreferrer">${text}</a>`
    : text;
}

/**
 * Where most points are: with many, a few far away (overseas territories, a typo in a coordinate)
 * would otherwise shrink the rest to a speck; they stay on the map, a zoom out away.
 */
function mainBounds(points: MapPoint[]): L.LatLngBounds | null {
  if (points.length === 0) return null;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const lat = median(points.map((p) => p.lat));
  const lon = median(points.map((p) => p.lon));
  // The 95% of points nearest the median point (with 50 or more points; all of them otherwise).
  const keep = points.length >= 50 ? Math.ceil(points.length * 0.95) : points.length;
  const nearest = points
    .map((p) => ({ p, d: (p.lat - lat) ** 2 + (p.lon - lon) ** 2 }))
    .sort((a, b) => a.d - b.d)
    .slice(0, keep);
  return L.latLngBounds(nearest.map(({ p }) => [p.lat, p.lon]));
}

/**
 * A popup's largest content, from the map's size when it opens, so that it fits a phone's map
 * (~370 px wide): around the content Leaflet adds 44 + 1 + 2 px across and 26 + 2 down, then a
 * 20 px tip; the pan keeps 56 px clear on the left for the zoom buttons, 8 at the top and 5 on the
 * other sides.
 */
function popupSize(size: L.Point) {
  return {
    maxWidth: Math.max(120, Math.min(320, size.x - 56 - 5 - 47)),
    maxHeight: Math.max(100, size.y - 8 - 5 - 48),
  };
}

export function showPoints(
  container: HTMLElement,
  points: MapPoint[],
  {
    tiles,
    label,
    zoom,
    list,
    popup,
  }: {
    tiles: MapTiles;
    label: string;
    /** The zoom buttons' names, in the page's language (Leaflet's are English). */
    zoom: { zoomIn: string; zoomOut: string };
    /** Where the keyboard's list of the points goes (under the map), and its words. */
    list: { element: HTMLElement; words: PointsListWords };
    /** `changed`: called once the content grew after opening (values read later): laid out and panned again. */
    popup: (point: MapPoint, changed: () => void) => HTMLElement;
  },
): PointsMap {
  const renderer = L.canvas({ padding: 0.5, tolerance: 4 });
  const map = L.map(container, { renderer, preferCanvas: true, worldCopyJump: true, zoomControl: false });
  L.control.zoom({ zoomInTitle: zoom.zoomIn, zoomOutTitle: zoom.zoomOut }).addTo(map);
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", label);
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" target="_blank" rel="noopener noreferrer">Leaflet</a>',
  );
  L.tileLayer(tiles.url, { attribution: attributionHtml(tiles), maxZoom: 19 }).addTo(map);
  const layer = L.featureGroup().addTo(map);
  const markers = new Map<string, L.CircleMarker>();
  /** The person moved the map (or opened a point from the list): the view is theirs, not re-framed. */
  let moved = false;

  // Opened from the list: the focus goes into the popup, and back to the list when it closes.
  let openedFrom: HTMLElement | null = null;
  const keyboardList = pointsList(list.element, list.words, (point, button) => {
    const marker = markers.get(point.id);
    if (!marker) return;
    moved = true;
    // The list may have just shrunk the map: its size known before the point is put in the middle.
    map.invalidateSize();
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 13), { animate: false });
    openedFrom = button;
    marker.openPopup();
  });

  const draw = (next: MapPoint[]) => {
    layer.clearLayers();
    markers.clear();
    for (const point of next) {
      const marker = L.circleMarker([point.lat, point.lon], {
        renderer,
        radius: 5,
        weight: 1.5,
        color: "#ffffff",
        fillColor: "#0b57d0",
        fillOpacity: 0.85,
      });
      // The content is made when the popup opens, once: it is an element, so a later update()
      // (after the values arrive) lays it out again without making it anew.
      marker
        .bindPopup("", { autoPanPaddingTopLeft: [56, 8] })
        .on("popupopen", ({ popup: opened }) => {
          Object.assign(opened.options, popupSize(map.getSize()));
          // Leaflet lays the content out again by re-attaching it, which drops the focus: kept here.
          const relaidOut = () => {
            const focused = document.activeElement;
            opened.update();
            if (focused instanceof HTMLElement && content.contains(focused)) focused.focus({ preventScroll: true });
          };
          const content = popup(point, relaidOut);
          const back = openedFrom;
          openedFrom = null;
          if (back) {
            // Before it is laid out: its padding (pointsMap.css) counts in its size.
            content.tabIndex = -1;
            content.setAttribute("role", "group");
            content.setAttribute("aria-label", point.label || list.words.untitled);
            content.addEventListener("keydown", (event) => {
              if (event.key === "Escape") map.closePopup();
            });
          }
          opened.setContent(content);
          if (!back) return;
          // Without scrolling: the map's panes would shift inside their container.
          content.focus({ preventScroll: true });
          marker.once("popupclose", () => {
            // Closed by Escape or its close button: the person goes on from the point they opened.
            if (
              !document.activeElement ||
              document.activeElement === document.body ||
              opened.getElement()?.contains(document.activeElement)
            )
              back.focus();
          });
        })
        .addTo(layer);
      markers.set(point.id, marker);
    }
    container.dataset.points = String(next.length);
    keyboardList.update(next);
  };
  draw(points);
  const bounds = mainBounds(points);
  // Without animating: Leaflet drops a setView made while a zoom animates, then ends that zoom under
  // it, so a point opened from the list right after the list shrank the map had its popup panned
  // for a view that did not last (left above the map's top).
  const frameThePoints = () => {
    if (bounds) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 14, animate: false });
    else map.setView([46.6, 2.4], 5);
  };
  frameThePoints();
  // The container may still be growing (a flex layout, a frame opening): follow its size, and
  // keep the points framed until the person moves the map themselves.
  const touched = () => {
    moved = true;
  };
  container.addEventListener("pointerdown", touched, { once: true });
  container.addEventListener("wheel", touched, { once: true });
  const resized = new ResizeObserver(() => {
    map.invalidateSize();
    if (!moved) frameThePoints();
  });
  resized.observe(container);

  return {
    update: draw,
    destroy: () => {
      resized.disconnect();
      keyboardList.destroy();
      map.remove();
    },
  };
}
