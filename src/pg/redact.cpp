#include "schemadiff/pg/redact.hpp"

#include <regex>

namespace schemadiff::pg {

namespace {

// scheme://user:secret@host — the userinfo's password part.
const std::regex &url_password() {
  static const std::regex pattern(R"(([A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@\s]*):[^@\s]*@)");
  return pattern;
}

// password=secret, password = 'quoted \' secret', &password=secret, and the
// PGPASSWORD environment variable spelled the same way.
const std::regex &key_value_password() {
  static const std::regex pattern(R"(((?:^|[^A-Za-z0-9_])(?:PG)?password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&'"]+))",
                                  std::regex::icase);
  return pattern;
}

} // namespace

std::string redact_secrets(std::string_view text) {
  std::string result = std::regex_replace(std::string(text), url_password(), "$1:***@");
  return std::regex_replace(result, key_value_password(), "$1***");
}

} // namespace schemadiff::pg
