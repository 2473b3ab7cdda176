#include "migration_layouts.hpp"

#include "statement_text.hpp"

#include "schemadiff/emit/plan_render.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

enum class Direction { Up, Down };

// What the file does, its phase and its hazards, as SQL comments.
std::string header(const NumberedMigration &numbered, Direction direction) {
  const Migration &migration = *numbered.migration;
  std::string text = fmt::format("-- schemadiff: {} {}_{}\n", direction == Direction::Up ? "up" : "down",
                                 numbered.version, numbered.name);
  text += fmt::format("-- phase: {}; {}\n", phase_name(migration.phase),
                      migration.transactional ? "one transaction" : "outside a transaction block, alone in its file");
  text += direction == Direction::Up ? "-- does:\n" : "-- undoes:\n";
  for (const std::string &summary : migration.summaries) text += "--   " + summary + "\n";
  if (direction == Direction::Up) {
    for (const plan::Hazard &hazard : migration.hazards) {
      text += fmt::format("-- hazard {}: {}\n", hazard_name(hazard.kind), hazard.reason);
    }
  }
  return text;
}

const std::vector<std::string> &statements_of(const Migration &migration, Direction direction) {
  return direction == Direction::Up ? migration.up : migration.down;
}

// How a runner sends a file decides what the file may hold.
struct Sending {
  bool whole_file_as_one_query = false; // golang-migrate, dbmate: settings would make it multi-statement
  bool wraps_in_transaction = false;    // dbmate, goose, flyway: no BEGIN/COMMIT of ours
  bool goose_blocks = false;            // each statement in StatementBegin/End
};

std::string body(const Migration &migration, Direction direction, const Sending &sending) {
  const std::vector<std::string> &statements = statements_of(migration, direction);
  if (statements.empty()) return "-- nothing to do\n";
  std::vector<std::string> lines;
  if (!migration.transactional && direction == Direction::Up && !sending.whole_file_as_one_query) {
    lines = migration.settings;
  }
  lines.insert(lines.end(), statements.begin(), statements.end());
  const bool own_transaction = migration.transactional && !sending.wraps_in_transaction;
  std::string text = own_transaction ? "BEGIN;\n\n" : "";
  for (const std::string &statement : lines) {
    if (sending.goose_blocks) {
      text += "-- +goose StatementBegin\n" + terminated(statement) + "-- +goose StatementEnd\n";
    } else {
      text += terminated(statement);
    }
    text += "\n";
  }
  if (own_transaction) text += "COMMIT;\n";
  return text;
}

std::string base_name(const NumberedMigration &numbered) { return fmt::format("{}_{}", numbered.version, numbered.name); }

// The down first: the up is what makes the runner see the migration.
void lay_out_up_down_pair(const NumberedMigration &numbered, const Sending &sending, std::vector<MigrationFile> &files) {
  const Migration &migration = *numbered.migration;
  files.push_back({base_name(numbered) + ".down.sql",
                   header(numbered, Direction::Down) + "\n" + body(migration, Direction::Down, sending)});
  files.push_back({base_name(numbered) + ".up.sql",
                   header(numbered, Direction::Up) + "\n" + body(migration, Direction::Up, sending)});
}

void lay_out_dbmate(const NumberedMigration &numbered, std::vector<MigrationFile> &files) {
  const Migration &migration = *numbered.migration;
  // dbmate reads its directives first in the file, and runs each section as
  // one query, in a transaction unless told otherwise.
  const Sending sending{true, true, false};
  const std::string options = migration.transactional ? "" : " transaction:false";
  files.push_back({base_name(numbered) + ".sql", "-- migrate:up" + options + "\n" + header(numbered, Direction::Up) +
                                                     "\n" + body(migration, Direction::Up, sending) + "\n-- migrate:down" +
                                                     options + "\n" + body(migration, Direction::Down, sending)});
}

void lay_out_goose(const NumberedMigration &numbered, std::vector<MigrationFile> &files) {
  const Migration &migration = *numbered.migration;
  const Sending sending{false, true, true};
  std::string text = header(numbered, Direction::Up);
  if (!migration.transactional) text += "-- +goose NO TRANSACTION\n";
  text += "\n-- +goose Up\n" + body(migration, Direction::Up, sending);
  text += "\n-- +goose Down\n" + body(migration, Direction::Down, sending);
  files.push_back({base_name(numbered) + ".sql", std::move(text)});
}

void lay_out_flyway(const NumberedMigration &numbered, std::vector<MigrationFile> &files) {
  const Migration &migration = *numbered.migration;
  const Sending sending{false, true, false};
  const std::string name = fmt::format("{}__{}.sql", numbered.version, numbered.name);
  // Flyway runs a migration, and its undo, in a transaction unless the
  // script's configuration says otherwise. Each script after its
  // configuration, and the V script last: it makes Flyway see the migration.
  if (!migration.transactional) files.push_back({"U" + name + ".conf", "executeInTransaction=false\n"});
  files.push_back({"U" + name, header(numbered, Direction::Down) + "\n" + body(migration, Direction::Down, sending)});
  if (!migration.transactional) files.push_back({"V" + name + ".conf", "executeInTransaction=false\n"});
  files.push_back({"V" + name, header(numbered, Direction::Up) + "\n" + body(migration, Direction::Up, sending)});
}

std::string sqitch_time(std::int64_t unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm time{};
  gmtime_r(&seconds, &time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", time.tm_year + 1900, time.tm_mon + 1, time.tm_mday,
                     time.tm_hour, time.tm_min, time.tm_sec);
}

} // namespace

void lay_out(const NumberedMigration &migration, MigrationFormat format, std::vector<MigrationFile> &files) {
  switch (format) {
  case MigrationFormat::GolangMigrate:
    lay_out_up_down_pair(migration, Sending{true, false, false}, files);
    return;
  case MigrationFormat::Plain:
    lay_out_up_down_pair(migration, Sending{false, false, false}, files);
    return;
  case MigrationFormat::Dbmate:
    lay_out_dbmate(migration, files);
    return;
  case MigrationFormat::Goose:
    lay_out_goose(migration, files);
    return;
  case MigrationFormat::Flyway:
    lay_out_flyway(migration, files);
    return;
  case MigrationFormat::Sqitch:
    break;
  }
  lay_out_sqitch({migration}, "", files);
}

void lay_out_sqitch(const std::vector<NumberedMigration> &migrations, const std::string &existing_plan,
                    std::vector<MigrationFile> &files) {
  // sqitch deploys each script with psql, statement by statement: the
  // script holds its own transaction.
  const Sending sending{false, false, false};
  std::string plan = existing_plan.empty() ? "%syntax-version=1.0.0\n%project=schemadiff\n\n" : existing_plan;
  if (!plan.empty() && plan.back() != '\n') plan += '\n';
  for (const NumberedMigration &numbered : migrations) {
    const Migration &migration = *numbered.migration;
    const std::string change = base_name(numbered);
    files.push_back({"deploy/" + change + ".sql",
                     header(numbered, Direction::Up) + "\n" + body(migration, Direction::Up, sending)});
    files.push_back({"revert/" + change + ".sql",
                     header(numbered, Direction::Down) + "\n" + body(migration, Direction::Down, sending)});
    files.push_back({"verify/" + change + ".sql", verify_script(numbered)});
    const std::string note = migration.summaries.empty() ? phase_name(migration.phase) : migration.summaries.front();
    plan += fmt::format("{} {} schemadiff <schemadiff@localhost> # {} ({})\n", change, sqitch_time(numbered.unix_seconds),
                        phase_name(migration.phase), note);
  }
  // Last: the plan is what makes sqitch see the changes.
  files.push_back({"sqitch.plan", std::move(plan)});
}

} // namespace schemadiff::emit
