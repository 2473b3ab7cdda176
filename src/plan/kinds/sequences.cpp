// Free-standing sequences: CREATE SEQUENCE; a drop that moves the sequence
// into the backup schema; ALTER SEQUENCE for the options, comment and
// grants; and OWNED BY as steps of its own.
//
// OWNED BY ties a sequence to a column's lifetime: the column's default
// needs the sequence first, the ownership needs the column, so it is a
// separate step after the column (Step::needs; see order.cpp). Dropping the
// column drops an owned sequence with it; moving its table moves it along.

#include "backup.hpp"
#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/new_object_privileges.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/sequences.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ObjectKind;

const model::Sequence &sequence_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto sequence = catalog.sequences.find(name_of(object));
  if (sequence == catalog.sequences.end()) throw Error("the catalog has no such sequence", display(name_of(object)));
  return sequence->second;
}

std::string target(const model::Sequence &sequence) { return "SEQUENCE " + ddl::qualified(sequence.name); }

model::ObjectRef column_ref(const model::ColumnReference &column) {
  return diff::member_ref(ObjectKind::Column, column.table, column.column);
}

std::string column_name(const std::optional<model::ColumnReference> &column) {
  if (!column) return "NONE";
  return ddl::qualified(column->table) + "." + pg::quote_ident(column->column);
}

std::string owned_by(const model::Sequence &sequence, const std::optional<model::ColumnReference> &column) {
  return fmt::format("ALTER SEQUENCE IF EXISTS {} OWNED BY {}", ddl::qualified(sequence.name), column_name(column));
}

// Comment and grants that turn `from` into `to`.
std::vector<std::string> attributes(const model::Sequence &from, const model::Sequence &to) {
  std::vector<std::string> statements = ddl::comment_statements(target(to), from.comment, to.comment);
  for (std::string &grant : ddl::grant_statements(target(to), to.privileges, from.privileges)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

// The sequence without its ownership, which needs the column.
std::vector<std::string> create_statements(const BuildContext &context, const model::Sequence &sequence) {
  // IF NOT EXISTS: the file can run again after it succeeded.
  std::vector<std::string> statements{ddl::if_not_exists(ddl::create_sequence(sequence))};
  for (std::string &comment : ddl::comment_statements(target(sequence), std::nullopt, sequence.comment)) {
    statements.push_back(std::move(comment));
  }
  for (std::string &grant : ddl::new_object_grants({target(sequence), sequence.name.schema, 'S', {}},
                                                   sequence.privileges, context.current, context.desired)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

// ALTER SEQUENCE with the options that change. A new AS type resets a
// minimum or maximum that was the old type's default to the new type's, so
// with the type both bounds are stated.
std::optional<std::string> alter_options(const model::Sequence &from, const model::Sequence &to) {
  const std::vector<std::string> old_clauses = ddl::sequence_clauses(from.options, true);
  const std::vector<std::string> new_clauses = ddl::sequence_clauses(to.options, true);
  const bool retyped = from.options.data_type != to.options.data_type;
  std::vector<std::string> changed;
  for (std::size_t i = 0; i < new_clauses.size() && i < old_clauses.size(); ++i) {
    const bool bound = new_clauses[i].starts_with("MINVALUE") || new_clauses[i].starts_with("MAXVALUE");
    if (new_clauses[i] != old_clauses[i] || (retyped && bound)) changed.push_back(new_clauses[i]);
  }
  if (changed.empty()) return std::nullopt;
  return fmt::format("ALTER SEQUENCE {} {}", ddl::qualified(to.name), fmt::join(changed, " "));
}

Step sequence_step(const BuildContext &context, Phase phase, std::string summary, const model::Sequence &sequence,
                   Lock lock) {
  Step step = table_step(context, phase, std::move(summary), sequence.name, lock);
  // A new sequence is used by nothing yet: there is no lock to wait for.
  if (lock == Lock::None) step.locked_relation.reset();
  return step;
}

// The column still exists after the plan.
bool column_stays(const BuildContext &context, const std::optional<model::ColumnReference> &column) {
  return column && context.desired.holds(column_ref(*column));
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose, Plan &steps) {
  const model::Sequence &sequence = sequence_of(context.desired, object);
  Step step = sequence_step(context, Phase::Expand, "create sequence " + display(sequence.name), sequence, Lock::None);
  step.up = create_statements(context, sequence);
  step.down = {"DROP SEQUENCE IF EXISTS " + ddl::qualified(sequence.name)};
  step.creates = {object};
  steps.push_back(std::move(step));
  if (!sequence.owned_by) return;
  Step owning =
      sequence_step(context, Phase::Expand,
                    fmt::format("sequence {} owned by {}", display(sequence.name), column_name(sequence.owned_by)),
                    sequence, Lock::None);
  owning.up = {owned_by(sequence, sequence.owned_by)};
  // Released first, so that dropping the column in the down leaves the
  // sequence for its own step's DROP SEQUENCE.
  owning.down = {owned_by(sequence, std::nullopt)};
  owning.needs = {object, column_ref(*sequence.owned_by)};
  steps.push_back(std::move(owning));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Sequence &sequence = sequence_of(context.current, object);
  const Phase phase = drop_phase(purpose);
  if (sequence.owned_by) {
    // Owned by a column of a table that goes: moving the table into the
    // backup schema takes its owned sequences along, and its down brings
    // them back.
    if (!context.desired.holds(diff::relation_ref(ObjectKind::Table, sequence.owned_by->table))) return;
    // An owned sequence cannot move on its own, and dropping its column
    // would drop it: it is released first (while the column is there), and
    // owned again in the down once the column and the sequence are back.
    Step release = sequence_step(
        context, phase,
        fmt::format("release sequence {} from {}", display(sequence.name), column_name(sequence.owned_by)), sequence,
        Lock::ShareRowExclusive);
    release.up = {owned_by(sequence, std::nullopt)};
    release.down = {owned_by(sequence, sequence.owned_by)};
    release.needs = {object, column_ref(*sequence.owned_by)};
    steps.push_back(std::move(release));
  }
  // Not dropped: moved into the backup schema, as a dropped table is. It
  // keeps its value, so a down does not bring back a counter that starts
  // again under the ids already handed out; and a backed-up table's default
  // that calls it still works.
  const Backup backup = moved_backup("SEQUENCE", sequence.name);
  Step step = sequence_step(context, phase, "drop sequence " + display(sequence.name), sequence, Lock::AccessExclusive);
  step.up = backup.up;
  step.down = backup.down;
  step.drops = {object};
  step.hazards.push_back({HazardKind::BreaksRunningCode,
                          fmt::format("code still calling nextval() on the sequence fails; it is kept in {} for the "
                                      "down: drop it once the change is final",
                                      backup.where)});
  steps.push_back(std::move(step));
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Sequence &from = sequence_of(context.current, object);
  const model::Sequence &to = sequence_of(context.desired, object);
  const std::optional<std::string> options_up = alter_options(from, to);
  Step step = sequence_step(context, Phase::Expand, "alter sequence " + display(to.name), to,
                            options_up ? Lock::ShareRowExclusive : Lock::None);
  if (options_up) {
    step.up.push_back(*options_up);
    step.down.push_back(*alter_options(to, from));
  }
  for (std::string &statement : attributes(from, to)) step.up.push_back(std::move(statement));
  for (std::string &statement : attributes(to, from)) step.down.push_back(std::move(statement));
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));

  if (from.owned_by == to.owned_by) return;
  Step owning = sequence_step(context, Phase::Expand,
                              fmt::format("sequence {} owned by {}", display(to.name), column_name(to.owned_by)), to,
                              Lock::ShareRowExclusive);
  owning.up = {owned_by(to, to.owned_by)};
  owning.down = {owned_by(to, from.owned_by)};
  if (to.owned_by) owning.needs.push_back(column_ref(*to.owned_by));
  // Moved off a column that goes: while that column is there, as its drop
  // would take the sequence along.
  if (from.owned_by && !column_stays(context, from.owned_by)) owning.needs.push_back(column_ref(*from.owned_by));
  steps.push_back(std::move(owning));
}

} // namespace

const KindBuilder sequence_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
