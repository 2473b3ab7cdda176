#include "schemadiff/pg/connect.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::pg {

std::unique_ptr<pqxx::connection> connect(const std::string &target) {
  try {
    return std::make_unique<pqxx::connection>(target);
  } catch (const std::exception &failure) {
    std::string reason = failure.what();
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw Error(fmt::format("cannot connect: {}", reason), fmt::format("database {}", redact_secrets(target)),
                "check --db, database.url in schemadiff.toml, or DATABASE_URL");
  }
}

} // namespace schemadiff::pg
