#include "schemadiff/pg/conninfo.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"

#include <libpq-fe.h>

#include <memory>

#include <fmt/format.h>

namespace schemadiff::pg {

std::string conninfo_value(std::string_view value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

std::string with_database(const std::string &target, std::string_view database) {
  return with_setting(target, "dbname", database);
}

std::string with_setting(const std::string &target, std::string_view keyword, std::string_view value) {
  char *error = nullptr;
  const std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption *)> options(
      PQconninfoParse(target.c_str(), &error), PQconninfoFree);
  if (!options) {
    const std::string reason = error != nullptr ? error : "not a connection string";
    PQfreemem(error);
    throw Error(fmt::format("cannot read the connection string: {}", reason), redact_secrets(target));
  }
  std::string result;
  for (const PQconninfoOption *option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string_view(option->keyword) == keyword) continue;
    result += fmt::format("{}={} ", option->keyword, conninfo_value(option->val));
  }
  return fmt::format("{}{}={}", result, keyword, conninfo_value(value));
}

} // namespace schemadiff::pg
