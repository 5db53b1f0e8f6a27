// Client-side routes; the hub answers index.html for each of these paths.
//   /                 the program (attendees)
//   /room/ID          a room (attendees)
//   /moderator[/ID]   the moderator console, optionally on one room
//   /tech[/ID]        the technician wall, optionally one feed's detail
//   /stage/ID         a room's stage display (the hall's projector)
export type Route =
  | { page: "landing" }
  | { page: "room"; roomId: string }
  | { page: "moderator"; roomId?: string }
  | { page: "tech"; roomId?: string }
  | { page: "stage"; roomId: string }
  | { page: "notFound"; path: string };

const ROOM_ID = "([a-z0-9][a-z0-9-]*)";

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { page: "landing" };
  const room = new RegExp(`^/(room|stage)/${ROOM_ID}$`).exec(path);
  if (room) return { page: room[1] as "room" | "stage", roomId: room[2] };
  const staff = new RegExp(`^/(moderator|tech)(?:/${ROOM_ID})?$`).exec(path);
  if (staff) return { page: staff[1] as "moderator" | "tech", ...(staff[2] ? { roomId: staff[2] } : {}) };
  return { page: "notFound", path };
}

// Whether a path is one of the app's own pages (followed without a reload).
export function isAppPath(pathname: string): boolean {
  return parseRoute(pathname).page !== "notFound";
}

export function roomPath(roomId: string): string {
  return `/room/${encodeURIComponent(roomId)}`;
}

export function moderatorPath(roomId?: string): string {
  return roomId ? `/moderator/${encodeURIComponent(roomId)}` : "/moderator";
}

export function techPath(roomId?: string): string {
  return roomId ? `/tech/${encodeURIComponent(roomId)}` : "/tech";
}

export function stagePath(roomId: string): string {
  return `/stage/${encodeURIComponent(roomId)}`;
}
