import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { RoomKind, RoomSchema, RoomStatus } from "../gen/hallcast/v1/program_pb";
import { boothsOf, formatSchedule, groupRooms, interpretationNames, localizedTitle, statusKey } from "./program";
import { parseRoute } from "./route";

const room = (id: string, kind: RoomKind) => create(RoomSchema, { id, kind });

describe("groupRooms", () => {
  it("groups 1+4+2+N in program order and leaves out empty groups", () => {
    const groups = groupRooms([
      room("a1", RoomKind.ACTIVITY),
      room("main", RoomKind.MAIN),
      room("p1", RoomKind.PANEL),
      room("expo", RoomKind.EXHIBITION),
      room("p2", RoomKind.PANEL),
      room("press", RoomKind.PRESS),
    ]);
    expect(groups.map((g) => [g.key, g.rooms.map((r) => r.id)])).toEqual([
      ["main", ["main"]],
      ["panel", ["p1", "p2"]],
      ["pressExhibition", ["expo", "press"]],
      ["activity", ["a1"]],
    ]);
    expect(groupRooms([room("p", RoomKind.PANEL)]).map((g) => g.key)).toEqual(["panel"]);
  });

  it("lists booths with their exhibition, not as rooms of the program", () => {
    const booth = (id: string, parent: string) => create(RoomSchema, { id, kind: RoomKind.BOOTH, parentRoomId: parent });
    const rooms = [room("expo", RoomKind.EXHIBITION), booth("b1", "expo"), booth("b2", "expo"), booth("x", "other")];
    expect(groupRooms(rooms).map((g) => g.rooms.map((r) => r.id))).toEqual([["expo"]]);
    expect(boothsOf(rooms, "expo").map((r) => r.id)).toEqual(["b1", "b2"]);
  });
});

describe("formatSchedule", () => {
  const at = (iso: string) => timestampFromDate(new Date(iso));
  it("shows the times in the event's time zone", () => {
    const s = formatSchedule(at("2026-12-08T01:00:00Z"), at("2026-12-08T04:00:00Z"), "Asia/Shanghai", "en-GB");
    expect(s).toBe("8 Dec, 09:00 – 12:00");
  });
  it("names the end's day when it differs", () => {
    const s = formatSchedule(at("2026-12-08T13:00:00Z"), at("2026-12-08T17:00:00Z"), "Asia/Shanghai", "en-GB");
    expect(s).toBe("8 Dec, 21:00 – 9 Dec, 01:00");
  });
  it("is empty without a schedule", () => {
    expect(formatSchedule(undefined, undefined, "UTC", "en-GB")).toBe("");
  });
});

describe("titles, status and routes", () => {
  it("picks the language, falling back to the other", () => {
    expect(localizedTitle({ en: "Main Forum", zh: "主论坛" }, "zh")).toBe("主论坛");
    expect(localizedTitle({ en: "Main Forum", zh: "" }, "zh")).toBe("Main Forum");
  });
  it("has a label for each status", () => {
    expect(statusKey(RoomStatus.LIVE)).toBe("status.live");
    expect(statusKey(RoomStatus.UNSPECIFIED)).toBeUndefined();
  });
  it("routes the program and rooms", () => {
    expect(parseRoute("/")).toEqual({ page: "landing" });
    expect(parseRoute("/room/main-forum/")).toEqual({ page: "room", roomId: "main-forum" });
    expect(parseRoute("/room/../x")).toMatchObject({ page: "notFound" });
    expect(parseRoute("/stage/main-forum")).toEqual({ page: "stage", roomId: "main-forum" });
    expect(parseRoute("/stage")).toMatchObject({ page: "notFound" });
  });
  it("routes the staff apps, with and without a room", () => {
    expect(parseRoute("/moderator")).toEqual({ page: "moderator" });
    expect(parseRoute("/moderator/panel-a")).toEqual({ page: "moderator", roomId: "panel-a" });
    expect(parseRoute("/tech/")).toEqual({ page: "tech" });
    expect(parseRoute("/tech/main-forum")).toEqual({ page: "tech", roomId: "main-forum" });
    expect(parseRoute("/tech/Main")).toMatchObject({ page: "notFound" });
    expect(parseRoute("/moderatorx")).toMatchObject({ page: "notFound" });
  });
});

describe("interpretationNames", () => {
  it("lists the channels by name, else by their language's own name", () => {
    const interpreted = create(RoomSchema, {
      language: "zh",
      interpretation: [{ language: "en", name: "English" }, { language: "zh", name: "中文" }, { language: "fr", name: "" }],
    });
    expect(interpretationNames(interpreted)).toBe("English · 中文 · français");
    expect(interpretationNames(create(RoomSchema, {}))).toBe("");
  });
});
