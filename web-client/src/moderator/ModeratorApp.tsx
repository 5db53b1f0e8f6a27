// The moderator console (/moderator, /moderator/ROOM).
import { Role } from "../gen/hallcast/v1/common_pb";
import { StaffGate } from "../shared/StaffGate";
import { useHubClient } from "../shared/use-hub-client";

export function ModeratorApp({ roomId }: { roomId?: string }) {
  const client = useHubClient(roomId ? [roomId] : []);
  return (
    <StaffGate client={client} roles={[Role.MODERATOR, Role.ADMIN]}>
      <div class="moderator" data-testid="moderator-app" />
    </StaffGate>
  );
}
