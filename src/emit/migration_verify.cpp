// Sqitch's verify scripts: a query per object the change leaves behind that
// fails when the object is missing (sqitch runs it after deploying, and
// `sqitch verify` at any time).

#include "migration_layouts.hpp"
#include "sql_comment.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::ObjectKind;

// A cast to a reg* type fails for a missing object; 1/count(*) fails when
// a catalog holds no matching row.
std::string exists_check(const model::ObjectRef &object) {
  const std::string qualified = pg::quote_literal(pg::quote_qualified(object.schema, object.name));
  switch (object.kind) {
  case ObjectKind::Schema:
    return fmt::format("SELECT {}::regnamespace;", pg::quote_literal(pg::quote_ident(object.schema)));
  case ObjectKind::Type:
    return fmt::format("SELECT {}::regtype;", qualified);
  case ObjectKind::Sequence:
  case ObjectKind::Table:
  case ObjectKind::Index:
  case ObjectKind::View:
  case ObjectKind::MaterializedView:
    return fmt::format("SELECT {}::regclass;", qualified);
  case ObjectKind::Column:
    return fmt::format("SELECT {} FROM {} WHERE false;", pg::quote_ident(object.member),
                       pg::quote_qualified(object.schema, object.name));
  case ObjectKind::Routine:
    return fmt::format("SELECT 1 / count(*) FROM pg_catalog.pg_proc WHERE pronamespace = {}::regnamespace AND proname = {};",
                       pg::quote_literal(pg::quote_ident(object.schema)), pg::quote_literal(object.name));
  case ObjectKind::Trigger:
    return fmt::format("SELECT 1 / count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = {}::regclass AND tgname = {};",
                       qualified, pg::quote_literal(object.member));
  case ObjectKind::Policy:
    return fmt::format("SELECT 1 / count(*) FROM pg_catalog.pg_policy WHERE polrelid = {}::regclass AND polname = {};",
                       qualified, pg::quote_literal(object.member));
  default:
    return {}; // constraints may be steps' scaffolding; the rest has no cheap check
  }
}

} // namespace

std::string verify_script(const NumberedMigration &numbered) {
  std::string script = sql_comment_line(fmt::format("schemadiff: verify {}_{}", numbered.version, numbered.name)) +
                       "-- fails when an object the change leaves behind is missing; `schemadiff drift` compares the "
                       "whole schema.\n";
  std::string checks;
  for (const model::ObjectRef &object : numbered.migration->leaves) {
    const std::string check = exists_check(object);
    if (!check.empty()) checks += check + "\n";
  }
  return script + (checks.empty() ? "SELECT 1; -- nothing this change leaves can be checked on its own\n" : checks);
}

} // namespace schemadiff::emit
