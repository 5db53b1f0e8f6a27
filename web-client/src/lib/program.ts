// The event's program (GET /api/v1/program), read into the generated classes,
// grouped the way the 1+4+2+N format presents it.
import { fromJson } from "@bufbuild/protobuf";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { ProgramSchema, RoomKind, RoomStatus, type Program, type Room } from "../gen/hallcast/v1/program_pb";
import { languageName } from "./audio-tracks";
import type { MessageKey } from "./i18n";

export async function fetchProgram(fetchFn: typeof fetch = fetch): Promise<Program> {
  const response = await fetchFn("/api/v1/program", { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return fromJson(ProgramSchema, await response.json(), { ignoreUnknownFields: true });
}

export interface RoomGroup {
  key: "main" | "panel" | "pressExhibition" | "activity";
  title: MessageKey;
  rooms: Room[];
}

// 1 main forum, the 4 panels, the 2 (press conference and exhibition), the N
// supporting activities; rooms keep their program order within a group, and
// empty groups are left out.
export function groupRooms(rooms: readonly Room[]): RoomGroup[] {
  const groups: RoomGroup[] = [
    { key: "main", title: "group.main", rooms: [] },
    { key: "panel", title: "group.panel", rooms: [] },
    { key: "pressExhibition", title: "group.pressExhibition", rooms: [] },
    { key: "activity", title: "group.activity", rooms: [] },
  ];
  for (const room of rooms) {
    switch (room.kind) {
      case RoomKind.MAIN: groups[0].rooms.push(room); break;
      case RoomKind.PANEL: groups[1].rooms.push(room); break;
      case RoomKind.PRESS:
      case RoomKind.EXHIBITION: groups[2].rooms.push(room); break;
      case RoomKind.BOOTH: break; // listed with their exhibition (boothsOf)
      default: groups[3].rooms.push(room); break;
    }
  }
  return groups.filter((g) => g.rooms.length > 0);
}

// The booths of an exhibition room, in program order.
export function boothsOf(rooms: readonly Room[], exhibitionId: string): Room[] {
  return rooms.filter((r) => r.kind === RoomKind.BOOTH && r.parentRoomId === exhibitionId);
}

export function statusKey(status: RoomStatus): MessageKey | undefined {
  switch (status) {
    case RoomStatus.LIVE: return "status.live";
    case RoomStatus.UPCOMING: return "status.upcoming";
    case RoomStatus.ENDED: return "status.ended";
    default: return undefined;
  }
}

// "8 Dec, 09:00 – 12:00" in the event's time zone (the end's date is shown
// when it differs from the start's).
export function formatSchedule(start: Timestamp | undefined, end: Timestamp | undefined, timeZone: string, locale: string): string {
  if (!start || !end) return "";
  const tz = timeZone || "UTC";
  const day = new Intl.DateTimeFormat(locale, { timeZone: tz, month: "short", day: "numeric" });
  const time = new Intl.DateTimeFormat(locale, { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const s = timestampDate(start);
  const e = timestampDate(end);
  const sameDay = day.format(s) === day.format(e);
  return `${day.format(s)}, ${time.format(s)} – ${sameDay ? "" : day.format(e) + ", "}${time.format(e)}`;
}

export function localizedTitle(title: { en: string; zh: string } | undefined, lang: "en" | "zh"): string {
  if (!title) return "";
  return (lang === "zh" ? title.zh : title.en) || title.en || title.zh;
}

// "2:05:09" or "05:09" until `start`; "00:00" once it passed.
export function countdown(start: Date, now: Date): string {
  const total = Math.max(0, Math.floor((start.getTime() - now.getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

// A room's interpretation channels as the program lists them: "English ·
// 中文" (each by its name, else its language's own name); empty without.
export function interpretationNames(room: Pick<Room, "interpretation">): string {
  return room.interpretation.map((c) => c.name || languageName(c.language)).join(" · ");
}
