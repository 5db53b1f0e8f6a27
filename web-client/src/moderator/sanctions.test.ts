import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { SanctionKind, SanctionSchema } from "../gen/hallcast/v1/interaction_pb";
import { isStaff, restrictions } from "./sanctions";

const s = (kind: SanctionKind, userId: string, until?: number) =>
  create(SanctionSchema, { kind, target: { userId }, until: until === undefined ? undefined : timestampFromMs(until) });

describe("restrictions", () => {
  it("marks muted and banned people, until lifted or until their end", () => {
    const r = restrictions([
      s(SanctionKind.MUTE, "u1"),
      s(SanctionKind.BAN, "u2", 2000),
      s(SanctionKind.MUTE, "u3", 500),
      s(SanctionKind.MUTE, "u2"),
    ], 1000);
    expect(r.get("u1")).toEqual({ muted: true, banned: false });
    expect(r.get("u2")).toEqual({ muted: true, banned: true });
    expect(r.has("u3")).toBe(false);
  });

  it("ignores sanctions without a target and lifts", () => {
    expect(restrictions([s(SanctionKind.MUTE, ""), s(SanctionKind.UNMUTE, "u1")], 0).size).toBe(0);
  });
});

describe("isStaff", () => {
  it("knows the hub's staff ids", () => {
    expect(isStaff("staff:alice")).toBe(true);
    expect(isStaff("g-123")).toBe(false);
  });
});
