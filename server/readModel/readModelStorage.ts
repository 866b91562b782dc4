/**
 * The storage the HTTP side uses, as seen by the read model: creating, resetting (repair) or
 * deleting a dataset schedules its snapshot's rebuild (or removal), so no route has to remember.
 */
import type { Storage } from "../storage/types.ts";
import type { ReadModel } from "./readModel.ts";

export function readModelStorage(storage: Storage, readModel: Pick<ReadModel, "changed">): Storage {
  const { datasets } = storage;
  return {
    ...storage,
    datasets: {
      ...datasets,
      async create(record, initialState, documentName) {
        await datasets.create(record, initialState, documentName);
        readModel.changed(record.id);
      },
      async replaceDocument(id, fromEpoch, state, documentName) {
        const replaced = await datasets.replaceDocument(id, fromEpoch, state, documentName);
        if (replaced) readModel.changed(id);
        return replaced;
      },
      async delete(id) {
        await datasets.delete(id);
        await storage.readModel.delete(id);
        readModel.changed(id);
      },
    },
  };
}
