#include "http/staff_api.h"

#include <google/protobuf/util/time_util.h>

#include <charconv>

#include "common/wall_clock.h"
#include "http/bearer_auth.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::size_t kDefaultAuditLimit = 1000;

const char* statusName(v1::QuestionStatus status) {
  switch (status) {
    case v1::QUESTION_STATUS_PENDING: return "pending";
    case v1::QUESTION_STATUS_VISIBLE: return "visible";
    case v1::QUESTION_STATUS_REJECTED: return "rejected";
    case v1::QUESTION_STATUS_WITHDRAWN: return "withdrawn";
    default: return "";
  }
}

std::string questionsCsv(const std::vector<v1::Question>& questions) {
  // RFC 4180: CRLF line ends, a header line.
  std::string out = "id,asked_at,status,answered,votes,anonymous,author_id,author_name,text,reply,edited\r\n";
  for (const v1::Question& q : questions) {
    out += std::to_string(q.id()) + "," + TimeUtil::ToString(q.asked_at()) + "," + statusName(q.status()) + "," +
           (q.answered() ? "true" : "false") + "," + std::to_string(q.votes()) + "," +
           (q.anonymous() ? "true" : "false") + "," + csvField(q.author().user_id()) + "," +
           csvField(q.author().display_name()) + "," + csvField(q.text()) + "," + csvField(q.reply()) + "," +
           (q.edited() ? "true" : "false") + "\r\n";
  }
  return out;
}

}  // namespace

std::string csvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

HttpResponse auditLog(const Hub& hub, const HttpRequest& request) {
  auto auth = authenticateStaff(request.authorization, hub.config().access.secret, StaffAction::kReadAudit);
  if (auto* refused = std::get_if<HttpResponse>(&auth)) return std::move(*refused);
  std::size_t limit = kDefaultAuditLimit;
  if (auto text = request.queryParam("limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit == 0) {
      return httpError(400, "limit must be a positive whole number");
    }
  }
  const auto room = request.queryParam("room");
  if (room && !room->empty() && !hub.roomById(*room)) return httpError(404, "no room \"" + std::string(*room) + "\"");
  // The newest `limit` entries, oldest first.
  std::vector<const v1::AuditEntry*> picked;
  const auto& all = hub.audit();
  for (auto it = all.rbegin(); it != all.rend() && picked.size() < limit; ++it) {
    if (!room || it->room_id() == *room) picked.push_back(&*it);
  }
  v1::AuditLog log;
  for (auto it = picked.rbegin(); it != picked.rend(); ++it) *log.add_entries() = **it;
  return jsonResponse(log);
}

HttpResponse questionExport(const Hub& hub, const HttpRequest& request) {
  // /api/v1/rooms/<room>/questions.(csv|json)
  const std::string_view prefix = "/api/v1/rooms/";
  const std::string_view rest = std::string_view(request.path).substr(prefix.size());
  const std::size_t slash = rest.find('/');
  const std::string room_id(rest.substr(0, slash));
  const bool csv = rest.ends_with(".csv");
  const Room* room = hub.roomById(room_id);
  if (!room || rest.substr(slash) != (csv ? "/questions.csv" : "/questions.json")) {
    return httpError(404, "no room \"" + room_id + "\"");
  }
  auto auth = authenticateStaff(request.authorization, hub.config().access.secret, StaffAction::kModerateRoom, room_id);
  if (auto* refused = std::get_if<HttpResponse>(&auth)) return std::move(*refused);
  const std::vector<v1::Question> questions = room->questions().all();
  if (!csv) {
    v1::QuestionExport out;
    out.set_room_id(room_id);
    *out.mutable_exported_at() = nowTimestamp();
    for (const v1::Question& q : questions) *out.add_questions() = q;
    return jsonResponse(out);
  }
  HttpResponse r;
  r.content_type = "text/csv; charset=utf-8; header=present";
  r.body = questionsCsv(questions);
  r.headers.emplace_back("cache-control", "no-store");
  r.headers.emplace_back("content-disposition", "attachment; filename=\"" + room_id + "-questions.csv\"");
  return r;
}

}  // namespace hallcast
