#pragma once
// The audit trail: each moderation action with who took it, read from the
// events that carry it. Pure.

#include <optional>

#include "hallcast/v1/interaction.pb.h"

namespace hallcast {

// The audit entry of a room event; nullopt for what is not moderation
// (chat, questions asked or withdrawn by their authors).
std::optional<v1::AuditEntry> auditEntryOf(const v1::RoomEvent& event);
v1::AuditEntry auditEntryOf(const v1::Sanction& sanction);

}  // namespace hallcast
