/**
 * The indexed queries for large instances give the same answers as the per-account and
 * per-dataset reads they replace: the members of one dataset with their roles (for the email to
 * moderators on a new proposal) against each account's own roles, and the proposals waiting on a
 * set of datasets (for the bell) against each dataset's list, and the datasets a person moderates
 * (from their grants) against the full listing.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DatasetId } from "../../shared/ids.ts";
import { can } from "../../shared/rights.ts";
import { moderatedDatasets, visibleDatasets } from "../rights/access.ts";
import { tempDataDir } from "../test/testServer.ts";
import type { ProposalStatus } from "./proposalTypes.ts";
import { openSqliteStorage } from "./sqlite.ts";

const at = "2026-12-01T00:00:00.000Z";

describe("indexed queries answer as the reads they replace", () => {
  const dirs: ReturnType<typeof tempDataDir>[] = [];
  const open = () => {
    const data = tempDataDir();
    dirs.push(data);
    return openSqliteStorage(path.join(data.dir, "db.sqlite"));
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  const dataset = (id: string, workspaceId: string | null) => ({
    id: id as DatasetId,
    title: id,
    description: "",
    epoch: 0,
    workspaceId,
    openness: "public-propose" as const,
    createdAt: at,
    updatedAt: at,
  });

  it("a dataset's members and roles: direct, through a group, a workspace grant, owning the workspace alone or as a group", async () => {
    const storage = open();
    const users = ["owner", "direct", "viaGroup", "groupOwner", "reader", "twice", "nobody"];
    for (const id of users)
      await storage.users.create({
        id,
        email: `${id}@example.test`,
        emailVerified: true,
        passwordHash: null,
        name: id,
        language: "en",
        createdAt: at,
      });
    await storage.rights.createGroup({ id: "editors", name: "Editors", createdAt: at });
    await storage.rights.createGroup({ id: "board", name: "Board", createdAt: at });
    await storage.rights.addGroupMember("editors", "viaGroup");
    await storage.rights.addGroupMember("editors", "twice");
    await storage.rights.addGroupMember("board", "groupOwner");
    await storage.rights.createWorkspace({
      id: "w1",
      name: "W1",
      ownerUserId: "owner",
      ownerGroupId: null,
      createdAt: at,
    });
    await storage.rights.createWorkspace({
      id: "w2",
      name: "W2",
      ownerUserId: null,
      ownerGroupId: "board",
      createdAt: at,
    });
    const ids = ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"];
    await storage.datasets.create(dataset(ids[0] as string, "w1"), new Uint8Array([0, 0]), `dataset.${ids[0]}.0`);
    await storage.datasets.create(dataset(ids[1] as string, "w2"), new Uint8Array([0, 0]), `dataset.${ids[1]}.0`);
    await storage.datasets.create(dataset(ids[2] as string, null), new Uint8Array([0, 0]), `dataset.${ids[2]}.0`);
    const grant = (resourceType: "dataset" | "workspace", resourceId: string, who: string, role: string) =>
      storage.rights.grant({
        resourceType,
        resourceId,
        principalType: who === "editors" ? "group" : "user",
        principalId: who,
        role: role as never,
      });
    await grant("dataset", ids[0] as string, "direct", "moderator");
    await grant("workspace", "w1", "editors", "editor");
    await grant("dataset", ids[0] as string, "twice", "moderator"); // also an editor through the group
    await grant("dataset", ids[1] as string, "reader", "reader");
    await grant("workspace", "w2", "direct", "moderator");
    await grant("dataset", ids[2] as string, "editors", "contributor");

    const sorted = (roles: string[] | undefined) => [...(roles ?? [])].sort();
    for (const id of ids) {
      const members = await storage.rights.datasetMembers(id);
      const expected = new Map<string, string[]>();
      for (const user of users) {
        const roles = (await storage.rights.memberRoles(user, id)).get(id);
        if (roles) expected.set(user, sorted(roles));
      }
      expect(new Map([...members].map(([user, roles]) => [user, sorted(roles)]))).toEqual(expected);
    }
    // And what that means, for the record.
    expect(sorted([...(await storage.rights.datasetMembers(ids[0] as string)).keys()])).toEqual([
      "direct",
      "owner",
      "twice",
      "viaGroup",
    ]);
    expect(await storage.rights.datasetMembers("dddddddddddd")).toEqual(new Map());

    // The bell's datasets, read from grants alone, as the full listing filtered to moderation.
    const moderatedIds = async (userId: string) =>
      (await moderatedDatasets(storage, { kind: "user", userId })).map(({ dataset }) => dataset.id).sort();
    for (const userId of users) {
      const listed = (await visibleDatasets(storage, { kind: "user", userId }))
        .filter(({ access }) => can(access, "moderate"))
        .map(({ dataset }) => dataset.id)
        .sort();
      expect(await moderatedIds(userId)).toEqual(listed);
    }
    expect(await moderatedIds("direct")).toEqual([ids[0], ids[1]]);
    expect(await moderatedIds("groupOwner")).toEqual([ids[1]]);
    expect(await moderatedIds("viaGroup")).toEqual([]);
    expect(await moderatedDatasets(storage, { kind: "anonymous" })).toEqual([]);
    storage.close();
  });

  it("proposals waiting on several datasets, as each dataset's list filtered to open and partly accepted, submitted", async () => {
    const storage = open();
    const ids = ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"];
    for (const id of ids) await storage.datasets.create(dataset(id, null), new Uint8Array([0, 0]), `dataset.${id}.0`);
    const statuses: ProposalStatus[] = ["draft", "open", "partly-accepted", "accepted", "rejected", "withdrawn"];
    let n = 0;
    for (const id of ids)
      for (const status of statuses)
        for (const submitted of [true, false]) {
          n += 1;
          await storage.proposals.create({
            id: String(n).padStart(16, "p"),
            datasetId: id,
            epoch: 0,
            status,
            authorUserId: null,
            contributorId: null,
            nickname: null,
            language: "en",
            email: null,
            message: "",
            secretHash: new Uint8Array(32),
            decisionMessage: "",
            createdAt: at,
            submittedAt: submitted ? at : null,
            updatedAt: at,
          });
        }
    const byList = async (datasets: string[]) => {
      const found = [];
      for (const id of datasets)
        for (const p of await storage.proposals.list(id))
          if ((p.status === "open" || p.status === "partly-accepted") && p.submittedAt) found.push(p);
      return found.sort((a, b) => (a.id < b.id ? -1 : 1));
    };
    const byIndex = async (datasets: string[]) =>
      (await storage.proposals.waitingOn(datasets)).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const datasets of [ids, [ids[0] as string, ids[2] as string], [ids[1] as string], [], ["dddddddddddd"]]) {
      expect(await byIndex(datasets)).toEqual(await byList(datasets));
    }
    expect(await byIndex(ids)).toHaveLength(6);
    storage.close();
  });
});
