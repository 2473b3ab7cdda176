#include "concurrent_builds.hpp"

#include <memory>

#include <nlohmann/json.hpp>

extern "C" {
#include <pg_query.h>
}

namespace schemadiff::run {

namespace {

struct ParseResultDeleter {
  void operator()(PgQueryParseResult *result) const {
    pg_query_free_parse_result(*result);
    delete result;
  }
};

} // namespace

std::optional<model::QualifiedName> index_built_concurrently(const std::string &statement) {
  const std::unique_ptr<PgQueryParseResult, ParseResultDeleter> result(
      new PgQueryParseResult(pg_query_parse(statement.c_str())));
  if (result->error != nullptr) return std::nullopt;
  const nlohmann::json tree = nlohmann::json::parse(result->parse_tree);
  if (!tree.contains("stmts") || tree["stmts"].size() != 1) return std::nullopt;
  const nlohmann::json &stmt = tree["stmts"][0]["stmt"];
  if (!stmt.contains("IndexStmt")) return std::nullopt;
  const nlohmann::json &index = stmt["IndexStmt"];
  if (!index.value("concurrent", false) || !index.contains("idxname")) return std::nullopt;
  const nlohmann::json &relation = index["relation"];
  return model::QualifiedName{relation.value("schemaname", std::string("public")), index["idxname"].get<std::string>()};
}

} // namespace schemadiff::run
