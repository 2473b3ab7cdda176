#pragma once
// A column's values kept in schemadiff_backup before a change loses them (a
// DROP COLUMN, a type change that cuts or rounds), so that the change's down
// can write them back: every value committed before the change, without a
// lock that blocks writers for longer than lock_timeout (hazards.md, "DROP
// COLUMN" and "Data changes").
//
// A copy in the change's own transaction (CREATE TABLE ... AS SELECT, then
// the change) misses what other sessions commit after the copy's snapshot
// and before the change's lock. So the values are kept in three steps:
//
// 1. capture, brief and transactional: the backup table (the primary key and
//    the value) and a trigger that upserts the key and value of every row
//    inserted or updated from then on. CREATE TRIGGER takes SHARE ROW
//    EXCLUSIVE, which waits for every transaction that has written the table:
//    each write is committed before it, or fires the trigger.
// 2. copy, outside a transaction: the rows already there, in keyset batches
//    on the primary key, one transaction a batch. A key already in the backup
//    keeps its value (ON CONFLICT DO NOTHING): only a write after the capture
//    put it there, and that write is newer than anything a batch's snapshot
//    can see. A batch that reads a row whose writer has not committed yet
//    reads the value before it, and then either waits on the writer's
//    uncommitted backup row (and does nothing once it commits) or inserts
//    first, and the writer's upsert then overwrites it. Safe to run again.
// 3. the change's own step, which starts by removing the trigger, in the
//    change's transaction under its ACCESS EXCLUSIVE lock: no write is left
//    between the trigger and the change.
//
// The downs run the other way round: the change's down brings the column
// back, the copy's down writes the kept values back in keyset batches into
// the rows that still hold what the change left there (so that a value
// written since, by code running after the rollback, stays), and the
// capture's down drops the backup.

#include "../kind_builder.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::plan::kinds {

struct ColumnBackup {
  Step capture;
  Step copy;
  std::vector<std::string> stop_capture; // the change's first statements
  model::ObjectRef backup;               // the backup table, which the change needs
  std::string where;                     // its name, for hazards
};

// Whether the column's values can be kept: the table has a primary key to
// match them back to their rows by, the column is not part of it, and it can
// be written back (not generated, not identity ALWAYS).
bool can_keep_values(const model::Table &table, const model::Column &column);

// For a DROP COLUMN. The drop's down must add the column back without a
// value for the rows (nullable, its default set after the ADD COLUMN): the
// copy's down fills the rows still NULL, and the capture's down puts NOT NULL
// back. An identity column comes back numbered afresh: every kept value is
// written back over its number.
std::optional<ColumnBackup> backup_before_drop(const BuildContext &context, Phase phase, const model::Table &table,
                                               const model::Column &column);

// For a type change from `from` to `to` that may cut or round values. Once
// the change's down has brought the old type back, the copy's down writes a
// kept value back into a row that still holds what the change made of it
// (the value cast to `to` and back).
std::optional<ColumnBackup> backup_before_narrowing(const BuildContext &context, const model::Table &table,
                                                    const model::Column &from, const model::Column &to);

} // namespace schemadiff::plan::kinds
