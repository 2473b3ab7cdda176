#pragma once
// A drop keeps the data: before a table or a column goes, its rows are put
// in the schemadiff_backup schema, and the drop's down brings them back
// (rule 1 of a migration; hazards.md, "DROP TABLE" and "DROP COLUMN"). A
// column's values are kept by column_backup.hpp.

#include "schemadiff/model/catalog.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::kinds {

inline constexpr const char *backup_schema = "schemadiff_backup";

// A name in the backup schema for the object's data: its qualified name as
// one identifier, shortened with a hash when over PostgreSQL's 63 bytes.
std::string backup_table_name(const std::vector<std::string> &parts);

struct Backup {
  std::vector<std::string> up;   // before the drop
  std::vector<std::string> down; // after the object is back: restore and clean up
  std::string where;             // for the hazard's message
};

// Moves the object into the backup schema instead of dropping it, renamed
// by backup_table_name; the down moves it back. `keyword` is how ALTER
// names it: "TABLE", "SEQUENCE", "TYPE", "DOMAIN", "COLLATION".
Backup moved_backup(const std::string &keyword, const model::QualifiedName &name);

// Moves the whole table into the backup schema instead of dropping it; the
// down moves it back, rows, constraints and all.
Backup table_backup(const model::Table &table);

// Whether a backup that the plan keeps goes on using the object (a type, a
// collation, an extension, a routine): a dropped table moved with its
// columns, constraints, triggers, policies and indexes, a dropped column's
// copied values, or a dropped type that is itself kept for them. Such an
// object cannot be dropped; it must be kept too.
bool used_by_backups(const model::Catalog &current, const model::Catalog &desired, const model::ObjectRef &object);

} // namespace schemadiff::plan::kinds
