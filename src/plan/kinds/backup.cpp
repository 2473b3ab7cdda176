#include "backup.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/pg/quote.hpp"

#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

constexpr std::size_t name_limit = 63;

std::string create_backup_schema() { return fmt::format("CREATE SCHEMA IF NOT EXISTS {}", backup_schema); }

} // namespace

std::string backup_table_name(const std::vector<std::string> &parts) {
  const std::string name = fmt::format("{}", fmt::join(parts, "."));
  if (name.size() <= name_limit) return name;
  const std::string hash = fmt::format("{:016x}", std::hash<std::string>{}(name));
  return name.substr(0, name_limit - hash.size() - 1) + "~" + hash;
}

Backup table_backup(const model::Table &table) {
  const std::string backup = backup_table_name({table.name.schema, table.name.name});
  const std::string original = ddl::qualified(table.name);
  const std::string renamed = pg::quote_qualified(table.name.schema, backup);
  const std::string kept = pg::quote_qualified(backup_schema, backup);
  Backup result;
  // Renamed first, so that the name is free in the backup schema whatever
  // other schema held a table of the same name.
  result.up = {create_backup_schema(), fmt::format("ALTER TABLE {} RENAME TO {}", original, pg::quote_ident(backup)),
               fmt::format("ALTER TABLE {} SET SCHEMA {}", renamed, backup_schema)};
  result.down = {fmt::format("ALTER TABLE {} SET SCHEMA {}", kept, pg::quote_ident(table.name.schema)),
                 fmt::format("ALTER TABLE {} RENAME TO {}", renamed, pg::quote_ident(table.name.name))};
  result.where = kept;
  return result;
}

std::optional<Backup> column_backup(const model::Table &table, const model::Column &column) {
  const model::Constraint *key = nullptr;
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind == model::ConstraintKind::PrimaryKey) key = &constraint;
  }
  const bool writable = !column.generated && !(column.identity && column.identity->kind == model::IdentityKind::Always);
  if (key == nullptr || key->columns.empty() || !writable) return std::nullopt;

  const std::string backup = pg::quote_qualified(backup_schema, backup_table_name({table.name.schema, table.name.name, column.name}));
  const std::string original = ddl::qualified(table.name);
  std::vector<std::string> key_columns;
  std::vector<std::string> matches;
  for (const std::string &name : key->columns) {
    key_columns.push_back(pg::quote_ident(name));
    matches.push_back(fmt::format("t.{0} = b.{0}", pg::quote_ident(name)));
  }
  const std::string value = pg::quote_ident(column.name);
  Backup result;
  // Dropped first: a rerun after a failure half-way copies afresh.
  result.up = {create_backup_schema(), "DROP TABLE IF EXISTS " + backup,
               fmt::format("CREATE TABLE {} AS SELECT {}, {} FROM {}", backup, fmt::join(key_columns, ", "), value, original)};
  result.down = {fmt::format("UPDATE {} t SET {} = b.{} FROM {} b WHERE {}", original, value, value, backup,
                             fmt::join(matches, " AND ")),
                 "DROP TABLE " + backup};
  result.where = backup;
  return result;
}

} // namespace schemadiff::plan::kinds
