#pragma once
// `hallcast token`: mints an access token with the event's secret and prints
// it, for the operator to hand to a moderator, technician or admin, to an
// accredited journalist (role press, with their outlet), or to an
// exhibitor's staff (role exhibitor, with their booth).

#include <string>
#include <vector>

namespace hallcast {

struct TokenOptions {
  std::string config_path;  // for the secret and the room ids
  // The hub's data directory: its DATA/secret signs when the event sets no
  // access.secret (and HALLCAST_SECRET is unset).
  std::string data_dir = "./data";
  std::string role;         // moderator, technician, admin, press, exhibitor
  std::string outlet;       // press only (required there): the news outlet
  std::string booth;        // exhibitor only (required there): their booth's id
  std::string name;
  std::vector<std::string> rooms;  // empty: every room
  std::string ttl = "12h";
  // Who the person is, kept across their tokens (user_id "staff:<subject>":
  // their votes and questions); empty: a new random one per token.
  std::string subject;
};

// Exit code: 0 with the token on stdout, 2 with the reason on stderr.
int mintTokenCommand(const TokenOptions& options);

}  // namespace hallcast
