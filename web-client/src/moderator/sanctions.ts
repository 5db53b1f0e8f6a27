// Who is muted or banned now, from the sanctions in force that the hub
// sends moderators (RoomState.sanctions, then Sanction events): the chat
// panel marks those people and offers to lift it. Pure, so unit-tested.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { SanctionKind, type Sanction } from "../gen/hallcast/v1/interaction_pb";

export interface Restriction {
  muted: boolean;
  banned: boolean;
}

// Sanctions whose `until` has passed no longer count.
export function restrictions(sanctions: readonly Sanction[], now: number): Map<string, Restriction> {
  const result = new Map<string, Restriction>();
  for (const s of sanctions) {
    const userId = s.target?.userId;
    if (!userId || (s.until && timestampMs(s.until) <= now)) continue;
    const r = result.get(userId) ?? { muted: false, banned: false };
    if (s.kind === SanctionKind.MUTE) r.muted = true;
    else if (s.kind === SanctionKind.BAN) r.banned = true;
    else continue;
    result.set(userId, r);
  }
  return result;
}

// Staff cannot be sanctioned (the hub refuses): no buttons for them.
export function isStaff(userId: string): boolean {
  return userId.startsWith("staff:");
}
