/**
 * The dataset's rows with coordinates on a map, live (the same Leaflet map as the embed,
 * client/map/pointsMap.ts, loaded only when this view opens). A point's popup lists its row's
 * values as text.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Column, DatasetView, Row } from "../../shared/dataset/index.ts";
import { titleFirst } from "../../shared/embedMapData.ts";
import type { MapPoint, PointsMap } from "../map/pointsMap.ts";
import { useInstance } from "../session/instance.ts";
import { useCellText } from "./CellValueText.tsx";
import { useLiveRows } from "./useLiveRows.ts";

export function MapView({ view }: { view: DatasetView }) {
  const { t } = useTranslation();
  const { rows, columns } = useLiveRows(view);
  const tiles = useInstance()?.mapTiles;
  const cellText = useCellText();
  const container = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const map = useRef<PointsMap | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const lat = columns.find((c) => c.type === "latitude");
  const lon = columns.find((c) => c.type === "longitude");
  const points = useMemo<MapPoint[]>(() => {
    if (!lat || !lon) return [];
    const [title] = titleFirst(
      columns.filter((c) => c !== lat && c !== lon),
      rows.slice(0, 50),
    );
    return rows.flatMap((row) => {
      const y = row.cells[lat.id];
      const x = row.cells[lon.id];
      if (typeof x !== "number" || typeof y !== "number" || Math.abs(y) > 90 || Math.abs(x) > 180) return [];
      return [{ lat: y, lon: x, id: row.id, label: title ? cellText(title, row.cells[title.id]) : "" }];
    });
  }, [rows, columns, lat, lon, cellText]);

  // The popup reads the row when it opens: the latest values, as text nodes.
  const popupRef = useRef<(point: MapPoint) => HTMLElement>(() => document.createElement("div"));
  popupRef.current = (point) =>
    popupFor(
      view.row(point.id as Row["id"]),
      columns.filter((c) => c !== lat && c !== lon),
      cellText,
      point.label,
    );

  const hasPoints = points.length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made once there are points; later points go through update()
  useEffect(() => {
    if (!hasPoints || !tiles || !container.current || !list.current) return;
    let cancelled = false;
    const element = container.current;
    const listElement = list.current;
    import("../map/pointsMap.ts").then(
      ({ showPoints }) => {
        if (cancelled) return;
        map.current = showPoints(element, points, {
          tiles,
          label: t("share.map.label"),
          zoom: { zoomIn: t("share.map.zoomIn"), zoomOut: t("share.map.zoomOut") },
          list: {
            element: listElement,
            words: {
              show: (count) => t("share.map.listShow", { count }),
              label: t("share.map.listLabel"),
              untitled: t("share.map.untitled"),
            },
          },
          popup: (point) => popupRef.current(point),
        });
      },
      (e: unknown) => !cancelled && setFailed((e as Error).message),
    );
    return () => {
      cancelled = true;
      map.current?.destroy();
      map.current = null;
    };
  }, [hasPoints, tiles]);
  useEffect(() => map.current?.update(points), [points]);

  if (!lat || !lon || !hasPoints) return <p className="view-empty">{t("share.map.noCoordinates")}</p>;
  const missing = rows.length - points.length;
  return (
    <section className="map-view" aria-label={t("share.map.label")}>
      <p className="muted map-count">
        {t("share.map.onMap", { count: points.length })}
        {missing > 0 && ` · ${t("share.map.notOnMap", { count: missing })}`}
      </p>
      {failed && <p role="alert">{t("share.map.failed", { message: failed })}</p>}
      <div ref={container} className="map-canvas" data-testid="dataset-map" />
      <div ref={list} />
    </section>
  );
}

function popupFor(
  row: Row | undefined,
  columns: readonly Column[],
  cellText: ReturnType<typeof useCellText>,
  label: string,
): HTMLElement {
  const box = document.createElement("div");
  const title = document.createElement("h2");
  title.textContent = label;
  box.append(title);
  if (!row) return box;
  const list = document.createElement("dl");
  for (const column of columns) {
    const text = cellText(column, row.cells[column.id]);
    if (text === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = column.name;
    const dd = document.createElement("dd");
    dd.textContent = text;
    list.append(dt, dd);
  }
  box.append(list);
  return box;
}
