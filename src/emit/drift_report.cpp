#include "schemadiff/emit/drift_render.hpp"

#include "sql_fragments.hpp"

#include "schemadiff/emit/object_sql.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/default_privileges.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::ObjectKind;
using model::ObjectRef;

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string kind_of(const ObjectRef &object, const model::Catalog &database, const model::Catalog &expected) {
  if (object.kind == ObjectKind::Routine) {
    const model::RoutineKey key{object.schema, object.name, object.member};
    for (const model::Catalog *catalog : {&database, &expected}) {
      const auto found = catalog->routines.find(key);
      if (found != catalog->routines.end() && found->second.kind == model::RoutineKind::Procedure) return "procedure";
    }
  }
  return model::kind_name(object.kind);
}

// How SQL names the object; members as schema.table.member, the way
// [drift] ignore patterns name them.
std::string name_of(const ObjectRef &object) {
  switch (object.kind) {
  case ObjectKind::Schema:
    return pg::quote_ident(object.schema);
  case ObjectKind::Extension:
    return pg::quote_ident(object.name);
  case ObjectKind::Column:
  case ObjectKind::Constraint:
  case ObjectKind::Trigger:
  case ObjectKind::Policy:
    return pg::quote_qualified(object.schema, object.name) + "." + pg::quote_ident(object.member);
  case ObjectKind::Routine:
  case ObjectKind::Aggregate:
    return fmt::format("{}({})", pg::quote_qualified(object.schema, object.name), object.member);
  case ObjectKind::DefaultPrivilege: {
    const char object_type = object.member.empty() ? 'r' : object.member[0];
    return fmt::format("for role {}{} on {}", pg::quote_ident(object.name),
                       object.schema.empty() ? "" : " in schema " + pg::quote_ident(object.schema),
                       lower_case(plan::ddl::default_privilege_objects(object_type)));
  }
  default:
    return pg::quote_qualified(object.schema, object.name);
  }
}

} // namespace

std::size_t DriftReport::drifted() const {
  return static_cast<std::size_t>(std::count_if(objects.begin(), objects.end(),
                                                [](const CheckedObject &object) { return object.drift.has_value(); }));
}

DriftReport drift_report(const diff::DriftResult &result, const model::Catalog &database,
                         const model::Catalog &expected, ExpectedSide against, std::string source) {
  DriftReport report;
  report.against = against;
  report.source = std::move(source);
  report.ignored = result.ignored.size();
  auto drift = result.differences.begin();
  for (const ObjectRef &object : result.checked) {
    CheckedObject checked{object, kind_of(object, database, expected), name_of(object), std::nullopt, {}, {}};
    // Both lists are in ObjectRef order.
    while (drift != result.differences.end() && drift->object < object) ++drift;
    if (drift != result.differences.end() && drift->object == object) {
      checked.drift = drift->kind;
      checked.expected = object_sql(expected, object);
      checked.actual = object_sql(database, object);
    }
    report.objects.push_back(std::move(checked));
  }
  return report;
}

std::string drift_kind_name(diff::DriftKind kind) {
  switch (kind) {
  case diff::DriftKind::MissingFromDatabase:
    return "missing_from_database";
  case diff::DriftKind::UnexpectedInDatabase:
    return "unexpected_in_database";
  case diff::DriftKind::Differs:
    return "differs";
  }
  return "?";
}

std::string drift_kind_description(diff::DriftKind kind) {
  switch (kind) {
  case diff::DriftKind::MissingFromDatabase:
    return "missing from the database";
  case diff::DriftKind::UnexpectedInDatabase:
    return "unexpected in the database";
  case diff::DriftKind::Differs:
    return "differs";
  }
  return "?";
}

std::string expected_side_name(ExpectedSide side) { return side == ExpectedSide::Migrations ? "migrations" : "schema"; }

std::string expected_side_description(ExpectedSide side) {
  switch (side) {
  case ExpectedSide::SchemaFiles:
    return "the schema files";
  case ExpectedSide::SchemaDatabase:
    return "the desired schema";
  case ExpectedSide::Migrations:
    return "the migrations";
  }
  return "?";
}

std::string expected_source(const DriftReport &report) {
  return fmt::format("{} {} {}", expected_side_description(report.against),
                     report.against == ExpectedSide::SchemaDatabase ? "of" : "in", report.source);
}

} // namespace schemadiff::emit
