#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

const model::Table &table_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto table = catalog.tables.find(name_of(object));
  if (table == catalog.tables.end()) throw Error("the catalog has no such table", display(name_of(object)));
  return table->second;
}

const model::Column &column_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const model::Column *column = table_of(catalog, object).column(object.member);
  if (column == nullptr) throw Error("the catalog has no such column", display(object));
  return *column;
}

const model::Constraint &constraint_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const model::Constraint *constraint = table_of(catalog, object).constraint(object.member);
  if (constraint == nullptr) throw Error("the catalog has no such constraint", display(object));
  return *constraint;
}

Step table_step(const BuildContext &context, Phase phase, std::string summary, const model::QualifiedName &table,
                Lock lock) {
  Step step;
  step.phase = phase;
  step.summary = std::move(summary);
  step.lock = lock;
  step.locked_relation = table;
  if (const auto stats = context.current.statistics.find(table); stats != context.current.statistics.end()) {
    step.estimated_rows = stats->second.estimated_rows;
  }
  return step;
}

bool is_existing_table(const BuildContext &context, const model::QualifiedName &table) {
  return context.current.tables.contains(table) &&
         !context.changes.recreated.contains(diff::relation_ref(model::ObjectKind::Table, table));
}

model::ObjectRef not_null_ref(const model::QualifiedName &table, const std::string &column) {
  return {model::ObjectKind::Constraint, table.schema, table.name, "NOT NULL " + column};
}

std::string grouped(std::int64_t number) {
  std::string digits = std::to_string(number < 0 ? -number : number);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return number < 0 ? "-" + digits : digits;
}

std::string display(const model::QualifiedName &name) { return ddl::qualified(name); }

std::string display(const model::ObjectRef &member) {
  return ddl::qualified({member.schema, member.name}) + "." + pg::quote_ident(member.member);
}

} // namespace schemadiff::plan::kinds
