// Client-side routes: / (the program) and /room/ID (a room). The hub answers
// index.html for these paths.
export type Route = { page: "landing" } | { page: "room"; roomId: string } | { page: "notFound"; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { page: "landing" };
  const room = /^\/room\/([a-z0-9][a-z0-9-]*)$/.exec(path);
  if (room) return { page: "room", roomId: room[1] };
  return { page: "notFound", path };
}

export function roomPath(roomId: string): string {
  return `/room/${encodeURIComponent(roomId)}`;
}
