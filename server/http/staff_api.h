#pragma once
// The staff's HTTP endpoints, each behind a Bearer staff token:
//   GET /api/v1/audit[?room=ID][&limit=N]      admins: moderation actions
//   GET /api/v1/rooms/ID/questions.csv|.json   the room's moderators: every question

#include "http/routes.h"
#include "realtime/hub.h"

namespace hallcast {

HttpResponse auditLog(const Hub& hub, const HttpRequest& request);
HttpResponse questionExport(const Hub& hub, const HttpRequest& request);

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
// break, quotes doubled.
std::string csvField(std::string_view value);

}  // namespace hallcast
