// The technician monitor wall (/tech, /tech/ROOM for one feed's detail).
import { Role } from "../gen/hallcast/v1/common_pb";
import { StaffGate } from "../shared/StaffGate";
import { useHubClient } from "../shared/use-hub-client";

export function TechWall({ roomId }: { roomId?: string }) {
  const client = useHubClient();
  return (
    <StaffGate client={client} roles={[Role.TECHNICIAN, Role.ADMIN]}>
      <div class="tech" data-testid="tech-app" data-room={roomId ?? ""} />
    </StaffGate>
  );
}
