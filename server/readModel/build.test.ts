import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addColumns, END, initializeDataset, insertRows, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { buildSnapshot, type SnapshotModel } from "./build.ts";

const text = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

function dataset() {
  const doc = new Y.Doc();
  initializeDataset(doc, { meta: { title: "Points" }, columns: [] }, "test");
  const [name, lat, lon] = addColumns(
    doc,
    [{ name: "Name, with comma" }, { name: "Lat", type: "latitude" }, { name: "Lon", type: "longitude" }],
    "test",
  ) as [ColumnId, ColumnId, ColumnId];
  const [first, second] = insertRows(
    doc,
    [{ cells: { [name]: 'Say "hi"', [lat]: 45.5, [lon]: 4.8 } }, { cells: { [name]: " two\nlines" } }],
    END,
    "test",
  );
  return { doc, name, lat, lon, first, second };
}

describe("buildSnapshot", () => {
  it("writes the rows in order as JSON, CSV and GeoJSON, from the stored state alone", () => {
    const { doc, first, second } = dataset();
    const output = buildSnapshot({ datasetId: "d", epoch: 3, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
    expect(output.version).toMatchObject({
      epoch: 3,
      rowCount: 2,
      formats: ["meta", "model", "json", "csv", "geojson"],
    });
    const stored = (format: string) => output.files.find((f) => f.format === format);
    expect(output.version.modelBytes).toBe(stored("model")?.identity.byteLength);
    // The model is kept plain; published files only compressed, and both encodings hold the same bytes.
    const file = (format: string) => {
      const f = stored(format);
      if (!f) throw new Error(`no ${format}`);
      if (format === "model" || format === "meta") return f.identity;
      expect(f.identity.byteLength).toBe(0);
      expect(brotliDecompressSync(f.br)).toEqual(gunzipSync(f.gzip));
      return new Uint8Array(gunzipSync(f.gzip));
    };
    const model = JSON.parse(text(file("model"))) as SnapshotModel;
    expect(model.rows.map((r) => r.id)).toEqual([first, second]);
    expect(model.positions).toHaveLength(2);
    expect(text(file("csv"))).toBe(
      `\ufeff_id,"Name, with comma",Lat,Lon\r\n${first},"Say ""hi""",45.5,4.8\r\n${second}," two\nlines",,\r\n`,
    );
    const geo = JSON.parse(text(file("geojson")));
    expect(geo.features).toHaveLength(1); // the row without coordinates is left out
    expect(geo.features[0].geometry.coordinates).toEqual([4.8, 45.5]);
  });

  it("gives the same ETag for the same state, however it is stored, and a new one after a change", () => {
    const { doc, name, second } = dataset();
    const whole = buildSnapshot({ datasetId: "d", epoch: 0, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
    const updates: Uint8Array[] = [];
    const replica = new Y.Doc();
    replica.on("update", (u: Uint8Array) => updates.push(u));
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const logged = buildSnapshot({ datasetId: "d", epoch: 0, snapshot: null, updates });
    expect(logged.version.etag).toBe(whole.version.etag);
    const otherEpoch = buildSnapshot({ datasetId: "d", epoch: 1, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
    expect(otherEpoch.version.etag).not.toBe(whole.version.etag);
    setCells(doc, [{ rowId: second as never, columnId: name, value: "changed" }], "test");
    const changed = buildSnapshot({ datasetId: "d", epoch: 0, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
    expect(changed.version.etag).not.toBe(whole.version.etag);
  });
});
