#include "enum_conversion.hpp"

#include "backup.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ObjectKind;
using model::ObjectRef;

// A column converted to the new type, as it is now and as it will be.
struct Converted {
  const model::Table *table = nullptr;
  const model::Column *current = nullptr;
  const model::Column *desired = nullptr;
};

bool needs(const model::Catalog &catalog, const ObjectRef &user, const ObjectRef &object) {
  const auto found = catalog.dependencies.find(user);
  return found != catalog.dependencies.end() &&
         std::find(found->second.begin(), found->second.end(), object) != found->second.end();
}

// Dropped, or dropped and created again, by other steps of the plan.
bool goes(const BuildContext &context, const ObjectRef &object) {
  return context.changes.recreated.contains(object) || context.changes.dropped.contains(object);
}

// Whether ALTER COLUMN ... TYPE rebuilds what reads the column by itself:
// indexes, and keys and checks of its table. Anything else (views, rules,
// triggers, policies, generated columns, foreign keys) makes it fail,
// unless the plan re-creates it around the conversion.
bool rebuilt_with_column(const BuildContext &context, const ObjectRef &reader) {
  if (goes(context, reader)) return true;
  if (reader.kind == ObjectKind::Index) return true;
  if (reader.kind != ObjectKind::Constraint) return false;
  const auto table = context.current.tables.find(name_of(reader));
  if (table == context.current.tables.end()) return false;
  const model::Constraint *constraint = table->second.constraint(reader.member);
  return constraint != nullptr && constraint->kind != model::ConstraintKind::ForeignKey;
}

std::optional<std::vector<Converted>> columns_to_convert(const BuildContext &context, const ObjectRef &object) {
  const model::QualifiedName name = name_of(object);
  if (!context.current.enums.contains(name) || !context.desired.enums.contains(name)) return std::nullopt;
  if (used_by_backups(context.current, context.desired, object)) return std::nullopt;
  const std::string type = ddl::qualified(name);
  std::vector<Converted> columns;
  for (const auto &[user, used] : context.current.dependencies) {
    if (std::find(used.begin(), used.end(), object) == used.end()) continue;
    if (user.kind != ObjectKind::Column) {
      if (goes(context, user)) continue;
      return std::nullopt;
    }
    // A column that goes, or leaves the type in a step of its own, is not converted.
    if (goes(context, user) || goes(context, diff::relation_ref(ObjectKind::Table, name_of(user))) ||
        !needs(context.desired, user, object)) {
      continue;
    }
    const auto table = context.current.tables.find(name_of(user));
    const auto wanted = context.desired.tables.find(name_of(user));
    if (table == context.current.tables.end() || wanted == context.desired.tables.end()) return std::nullopt;
    const model::Column *column = table->second.column(user.member);
    const model::Column *desired = wanted->second.column(user.member);
    // An array or a domain of the enum would need a conversion of its own.
    if (column == nullptr || desired == nullptr || column->type != type || desired->type != type) return std::nullopt;
    // A partition's column is converted with its parent's.
    if (const auto &partition = table->second.partition_of) {
      const auto parent = context.current.tables.find(partition->parent);
      if (parent != context.current.tables.end() && parent->second.column(column->name) != nullptr) continue;
    }
    if (table->second.partition_key &&
        table->second.partition_key->find(pg::quote_ident(column->name)) != std::string::npos) {
      return std::nullopt;
    }
    for (const auto &[reader, read] : context.current.dependencies) {
      if (std::find(read.begin(), read.end(), user) == read.end()) continue;
      if (!rebuilt_with_column(context, reader)) return std::nullopt;
    }
    columns.push_back({&table->second, column, desired});
  }
  if (columns.empty()) return std::nullopt;
  // In the tables' column order, whatever the order of the dependencies.
  const auto position = [](const Converted &column) {
    return std::make_pair(column.table->name, column.current - column.table->columns.data());
  };
  std::sort(columns.begin(), columns.end(),
            [&](const Converted &a, const Converted &b) { return position(a) < position(b); });
  return columns;
}

// The statements that put a new `type` in place of the one there now:
// rename that one aside, create the new one, convert the columns through
// text (all of a table's in one ALTER TABLE, one rewrite), drop the old
// one. Defaults are dropped before and set after: PostgreSQL cannot cast an
// enum default to another enum.
std::vector<std::string> replace_type(const std::vector<Converted> &columns, const model::QualifiedName &name,
                                      const std::string &aside, const std::vector<std::string> &create, bool up) {
  const std::string type = ddl::qualified(name);
  std::vector<std::string> statements{fmt::format("ALTER TYPE {} RENAME TO {}", type, pg::quote_ident(aside))};
  statements.insert(statements.end(), create.begin(), create.end());
  const auto default_of = [up](const Converted &column, bool before) {
    return (before == up ? column.current : column.desired)->default_value;
  };
  std::vector<const model::Table *> tables;
  for (const Converted &column : columns) {
    if (std::find(tables.begin(), tables.end(), column.table) == tables.end()) tables.push_back(column.table);
    if (default_of(column, true)) {
      statements.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                                       ddl::qualified(column.table->name), pg::quote_ident(column.current->name)));
    }
  }
  for (const model::Table *table : tables) {
    std::vector<std::string> changes;
    for (const Converted &column : columns) {
      if (column.table != table) continue;
      const std::string quoted = pg::quote_ident(column.current->name);
      changes.push_back(fmt::format("ALTER COLUMN {0} TYPE {1} USING {0}::text::{1}", quoted, type));
    }
    statements.push_back(fmt::format("ALTER TABLE {} {}", ddl::qualified(table->name), fmt::join(changes, ", ")));
  }
  statements.push_back("DROP TYPE " + pg::quote_qualified(name.schema, aside));
  for (const Converted &column : columns) {
    if (const auto value = default_of(column, false)) {
      statements.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}",
                                       ddl::qualified(column.table->name), pg::quote_ident(column.current->name),
                                       *value));
    }
  }
  return statements;
}

std::vector<std::string> quoted_labels(const std::vector<std::string> &labels) {
  std::vector<std::string> quoted;
  for (const std::string &label : labels) quoted.push_back(pg::quote_literal(label));
  return quoted;
}

// An SQL condition: the enum type `name` has exactly `labels`, in order.
std::string has_labels(const model::QualifiedName &name, const std::vector<std::string> &labels) {
  return fmt::format("coalesce((SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum WHERE "
                     "enumtypid = to_regtype({})), '{{}}') = ARRAY[{}]::text[]",
                     pg::quote_literal(ddl::qualified(name)), fmt::join(quoted_labels(labels), ", "));
}

// Labels of `from` that `to` lacks.
std::vector<std::string> missing(const std::vector<std::string> &from, const std::vector<std::string> &to) {
  std::vector<std::string> labels;
  for (const std::string &label : from) {
    if (std::find(to.begin(), to.end(), label) == to.end()) labels.push_back(label);
  }
  return labels;
}

// "public.t.m: 12 of ~10,000 rows", or why not counted.
std::string holders(const BuildContext &context, const Converted &column, const std::vector<std::string> &kept) {
  const std::string where = display(diff::member_ref(ObjectKind::Column, column.table->name, column.current->name));
  const std::string predicate =
      fmt::format("NOT ({}::text = ANY (ARRAY[{}]::text[]))", pg::quote_ident(column.current->name),
                  fmt::join(quoted_labels(kept), ", "));
  const std::optional<std::int64_t> count =
      context.options.count_rows ? context.options.count_rows(column.table->name, predicate) : std::nullopt;
  if (!count) return where + ": not counted (no live database)";
  std::string of = "rows";
  if (const auto stats = context.current.statistics.find(column.table->name);
      stats != context.current.statistics.end() && stats->second.estimated_rows >= 0) {
    of = fmt::format("~{} rows", grouped(static_cast<std::int64_t>(stats->second.estimated_rows + 0.5)));
  }
  return fmt::format("{}: {} of {}", where, grouped(*count), of);
}

} // namespace

bool converts_enum_columns(const BuildContext &context, const model::ObjectRef &object) {
  return columns_to_convert(context, object).has_value();
}

Step enum_conversion_step(const BuildContext &context, const model::ObjectRef &object,
                          const std::vector<std::string> &create_new, const std::vector<std::string> &create_old) {
  const std::vector<Converted> columns = columns_to_convert(context, object).value();
  const model::QualifiedName name = name_of(object);
  const model::EnumType &from = context.current.enums.at(name);
  const model::EnumType &to = context.desired.enums.at(name);
  Step step = table_step(context, Phase::Contract, "replace enum type " + display(name) + ", converting its columns",
                         columns.front().table->name, Lock::AccessExclusive);
  // Only while the type is still the one being replaced: run again after it
  // succeeded, the step would otherwise rewrite the tables once more.
  step.up = {ddl::only_while(has_labels(name, from.labels),
                             replace_type(columns, name, backup_table_name({name.name + "~old"}), create_new, true))};
  step.down = {ddl::only_while(has_labels(name, to.labels),
                               replace_type(columns, name, backup_table_name({name.name + "~new"}), create_old, false))};
  step.creates = {object};
  step.drops = {object};

  std::vector<model::QualifiedName> tables;
  for (const Converted &column : columns) {
    if (std::find(tables.begin(), tables.end(), column.table->name) == tables.end())
      tables.push_back(column.table->name);
  }
  for (const model::QualifiedName &table : tables) {
    std::string size = "its rows";
    if (const auto stats = context.current.statistics.find(table); stats != context.current.statistics.end()) {
      size = fmt::format("~{:.0f} rows, {} MB", std::max(0.0, stats->second.estimated_rows),
                         stats->second.total_bytes / (1024 * 1024));
    }
    step.hazards.push_back(
        {HazardKind::TableRewrite, fmt::format("converting to the new {} rewrites {} ({}) and rebuilds "
                                               "its indexes under an ACCESS EXCLUSIVE lock",
                                               display(name), display(table), size)});
  }
  const std::vector<std::string> removed = missing(from.labels, to.labels);
  if (!removed.empty()) {
    std::vector<std::string> counts;
    for (const Converted &column : columns) counts.push_back(holders(context, column, to.labels));
    std::string reason = fmt::format("the labels {} leave {}; rows holding one make the up fail, so that no value is "
                                     "lost unseen ({})",
                                     fmt::join(quoted_labels(removed), ", "), display(name), fmt::join(counts, "; "));
    if (const std::vector<std::string> added = missing(to.labels, from.labels); !added.empty()) {
      reason += fmt::format("; rows given a new label ({}) make the down fail", fmt::join(quoted_labels(added), ", "));
    }
    step.hazards.push_back({HazardKind::DataLoss, std::move(reason)});
  }
  step.hazards.push_back({HazardKind::BreaksRunningCode,
                          "code writing a label that goes fails, and ORDER BY on the columns follows the new order"});
  return step;
}

} // namespace schemadiff::plan::kinds
