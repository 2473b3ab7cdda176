#include "backup.hpp"

#include "column_backup.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

constexpr std::size_t name_limit = 63;

std::string create_backup_schema() { return fmt::format("CREATE SCHEMA IF NOT EXISTS {}", backup_schema); }

// The two statements that move an object from `from` to `to` (a rename and
// a change of schema), made safe to run again: done only while the object
// is at `from` and nothing is at `to` yet. Not IF EXISTS: a table that the
// plan re-creates is at `from` again when the file runs a second time, and
// must not be moved onto its own backup.
std::string move_once(const std::string &keyword, const std::string &from, const std::string &to,
                      const std::string &rename, const std::string &then) {
  const std::string lookup = keyword == "COLLATION" ? "to_regcollation"
                             : keyword == "TABLE" || keyword == "SEQUENCE" ? "to_regclass"
                                                                            : "to_regtype";
  return ddl::only_while(fmt::format("{0}({1}) IS NOT NULL AND {0}({2}) IS NULL", lookup, pg::quote_literal(from),
                                     pg::quote_literal(to)),
                         {fmt::format("ALTER {} {}", keyword, rename), fmt::format("ALTER {} {}", keyword, then)});
}

} // namespace

std::string backup_table_name(const std::vector<std::string> &parts) {
  const std::string name = fmt::format("{}", fmt::join(parts, "."));
  if (name.size() <= name_limit) return name;
  const std::string hash = fmt::format("{:016x}", std::hash<std::string>{}(name));
  // Never cut in the middle of a UTF-8 character: PostgreSQL refuses the half.
  std::size_t kept = name_limit - hash.size() - 1;
  while (kept > 0 && (static_cast<unsigned char>(name[kept]) & 0xC0) == 0x80) --kept;
  return name.substr(0, kept) + "~" + hash;
}

Backup moved_backup(const std::string &keyword, const model::QualifiedName &name) {
  const std::string backup = backup_table_name({name.schema, name.name});
  const std::string original = ddl::qualified(name);
  const std::string renamed = pg::quote_qualified(name.schema, backup);
  const std::string kept = pg::quote_qualified(backup_schema, backup);
  Backup result;
  // Renamed first, so that the name is free in the backup schema whatever
  // other schema held an object of the same name.
  result.up = {create_backup_schema(),
               move_once(keyword, original, kept, fmt::format("{} RENAME TO {}", original, pg::quote_ident(backup)),
                         fmt::format("{} SET SCHEMA {}", renamed, backup_schema))};
  result.down = {move_once(keyword, kept, original, fmt::format("{} SET SCHEMA {}", kept, pg::quote_ident(name.schema)),
                           fmt::format("{} RENAME TO {}", renamed, pg::quote_ident(name.name)))};
  result.where = kept;
  return result;
}

Backup table_backup(const model::Table &table) { return moved_backup("TABLE", table.name); }

namespace {

bool used_by_backups(const model::Catalog &current, const model::Catalog &desired, const model::ObjectRef &object,
                     std::set<model::ObjectRef> &seen) {
  using model::ObjectKind;
  if (!seen.insert(object).second) return false;
  for (const auto &[user, needs] : current.dependencies) {
    if (std::find(needs.begin(), needs.end(), object) == needs.end() || desired.holds(user)) continue;
    const model::QualifiedName name{user.schema, user.name};
    const bool table_goes = current.tables.contains(name) && !desired.tables.contains(name);
    const model::ObjectRef domain{ObjectKind::Type, user.schema, user.name, ""};
    switch (user.kind) {
    case ObjectKind::Table:
      return true;
    case ObjectKind::Column: {
      if (table_goes) return true;
      const auto table = current.tables.find(name);
      const model::Column *column = table == current.tables.end() ? nullptr : table->second.column(user.member);
      if (column != nullptr && can_keep_values(table->second, *column)) return true;
      break;
    }
    // A moved table takes its constraints, triggers, policies and indexes
    // along; a kept domain its checks.
    case ObjectKind::Constraint:
      if (table_goes) return true;
      if (current.domains.contains(name) && used_by_backups(current, desired, domain, seen)) return true;
      break;
    case ObjectKind::Trigger:
    case ObjectKind::Policy:
      if (table_goes) return true;
      break;
    case ObjectKind::Index: {
      const auto index = current.indexes.find(name);
      if (index != current.indexes.end() && !desired.tables.contains(index->second.table)) return true;
      break;
    }
    case ObjectKind::Type:
    case ObjectKind::Collation:
      if (used_by_backups(current, desired, user, seen)) return true;
      break;
    default:
      break;
    }
  }
  return false;
}

} // namespace

bool used_by_backups(const model::Catalog &current, const model::Catalog &desired, const model::ObjectRef &object) {
  std::set<model::ObjectRef> seen;
  return used_by_backups(current, desired, object, seen);
}

} // namespace schemadiff::plan::kinds
