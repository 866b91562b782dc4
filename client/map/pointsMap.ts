/**
 * A Leaflet map of points, drawn on one canvas (thousands of points stay fast on a phone), over
 * the configured raster tiles. Shared by the embed page (client/embed/embedMap.ts) and the app's
 * map view. Popups are built by the caller as DOM nodes: a cell's text never becomes HTML.
 */
import * as L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { MapTiles } from "../../shared/api/instance.ts";

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

export function showPoints(
  container: HTMLElement,
  points: MapPoint[],
  {
    tiles,
    label,
    popup,
  }: {
    tiles: MapTiles;
    label: string;
    /** `changed`: called once the content grew after opening (values read later): laid out and panned again. */
    popup: (point: MapPoint, changed: () => void) => HTMLElement;
  },
): PointsMap {
  const renderer = L.canvas({ padding: 0.5, tolerance: 4 });
  const map = L.map(container, { renderer, preferCanvas: true, worldCopyJump: true });
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", label);
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" target="_blank" rel="noopener noreferrer">Leaflet</a>',
  );
  L.tileLayer(tiles.url, { attribution: attributionHtml(tiles), maxZoom: 19 }).addTo(map);
  const layer = L.featureGroup().addTo(map);

  const draw = (next: MapPoint[]) => {
    layer.clearLayers();
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
        .bindPopup("", {
          maxWidth: Math.min(320, container.clientWidth - 48),
          maxHeight: Math.max(160, container.clientHeight - 80),
        })
        .on("popupopen", ({ popup: opened }) => {
          opened.setContent(popup(point, () => opened.update()));
        })
        .addTo(layer);
    }
    container.dataset.points = String(next.length);
  };
  draw(points);
  const bounds = mainBounds(points);
  const frameThePoints = () => {
    if (bounds) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 14 });
    else map.setView([46.6, 2.4], 5);
  };
  frameThePoints();
  // The container may still be growing (a flex layout, a frame opening): follow its size, and
  // keep the points framed until the person moves the map themselves.
  let moved = false;
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
      map.remove();
    },
  };
}
