#pragma once
// `schemadiff drift --format text|json|markdown|junit`: the differences
// between a live database and what it should be, each object named, with
// both sides as SQL. Renderers only format; they decide nothing.

#include "schemadiff/diff/drift.hpp"
#include "schemadiff/model/catalog.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::emit {

// One object drift compared.
struct CheckedObject {
  model::ObjectRef object;
  std::string kind;                     // "table", "column", "function", "procedure", "default privileges", ...
  std::string name;                     // as SQL names it: public.users.email, public.total(n integer)
  std::optional<diff::DriftKind> drift; // none: the same on both sides
  // Drifted objects only: the object's SQL on each side (object_sql),
  // empty on the side that lacks it.
  std::string expected;
  std::string actual;

  bool operator==(const CheckedObject &) const = default;
};

// What the database is compared with: --against schema (the schema files,
// or a database --schema names), or --against migrations.
enum class ExpectedSide { SchemaFiles, SchemaDatabase, Migrations };

struct DriftReport {
  ExpectedSide against = ExpectedSide::SchemaFiles;
  std::string source;                 // the schema directory, the (redacted) database URL, or the migration directory
  std::vector<CheckedObject> objects; // in the order drift checked them
  std::size_t ignored = 0;            // objects left out by [drift] ignore

  std::size_t drifted() const;
  bool operator==(const DriftReport &) const = default;
};

// Names the objects of `result` and puts both sides' SQL beside each drift.
DriftReport drift_report(const diff::DriftResult &result, const model::Catalog &database,
                         const model::Catalog &expected, ExpectedSide against, std::string source);

// For a terminal: one paragraph per drift with a line diff of its SQL (in
// colour when `colour` is set), then a summary.
std::string render_drift_text(const DriftReport &report, bool colour);

// For tools: every drift with both sides; the shape is in docs/ci.md.
std::string render_drift_json(const DriftReport &report);

// For a pull-request comment: a table of the drifts, then each one's diff.
std::string render_drift_markdown(const DriftReport &report);

// For a CI test report: JUnit XML, one testcase per object checked, a
// failure for each drift.
std::string render_drift_junit(const DriftReport &report);

// Names used by every format.
std::string drift_kind_name(diff::DriftKind kind);        // "missing_from_database", ...
std::string drift_kind_description(diff::DriftKind kind); // "missing from the database", ...
std::string expected_side_name(ExpectedSide side);        // "schema", "migrations"
std::string expected_side_description(ExpectedSide side); // "the schema files", "the migrations", ...
// "the schema files in schema", "the migrations in generated", ...
std::string expected_source(const DriftReport &report);

} // namespace schemadiff::emit
