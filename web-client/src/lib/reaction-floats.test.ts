import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ReactionsSchema } from "../gen/hallcast/v1/interaction_pb";
import { floatsFor } from "./reaction-floats";

describe("floatsFor", () => {
  it("shows one float for one reaction and a few for many, never more than the cap", () => {
    let id = 0;
    const reactions = create(ReactionsSchema, {
      roomId: "r", windowMs: 200,
      counts: [{ emoji: "👏", count: 1 }, { emoji: "🎉", count: 8 }, { emoji: "❤️", count: 100000 }, { emoji: "🤔", count: 0 }],
    });
    const floats = floatsFor(reactions, () => ++id, () => 0.5);
    const per = (e: string) => floats.filter((f) => f.emoji === e).length;
    expect(per("👏")).toBe(1);
    expect(per("🎉")).toBe(4);
    expect(per("❤️")).toBe(6);
    expect(per("🤔")).toBe(0);
    expect(new Set(floats.map((f) => f.id)).size).toBe(floats.length);
    expect(floats.every((f) => f.left >= 5 && f.left <= 90 && f.delayMs < 200)).toBe(true);
  });
});
