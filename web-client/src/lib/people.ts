// How a person is named in a room. Pure.
import type { User } from "../gen/hallcast/v1/common_pb";

// "Li Na · Xinhua News Agency" for accredited press (their outlet is part of
// who they are at a press conference), else the display name.
export function personLabel(user: Pick<User, "displayName" | "outlet"> | undefined): string {
  if (!user) return "";
  return user.outlet ? `${user.displayName} · ${user.outlet}` : user.displayName;
}
