#include "migration_layouts.hpp"

#include "sql_comment.hpp"
#include "statement_text.hpp"

#include "schemadiff/emit/plan_render.hpp"
#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

enum class Direction { Up, Down };

// What the file does, its phase and its hazards, as SQL comments. Summaries
// and hazards hold names from the database, so every line goes through
// sql_comment_line: a name cannot end the comment or pass for a directive.
std::string header(const NumberedMigration &numbered, Direction direction) {
  const Migration &migration = *numbered.migration;
  std::string text = sql_comment_line(
      fmt::format("schemadiff: {} {}_{}", direction == Direction::Up ? "up" : "down", numbered.version, numbered.name));
  text += sql_comment_line(
      fmt::format("phase: {}; {}", phase_name(migration.phase),
                  migration.transactional ? "one transaction" : "outside a transaction block, alone in its file"));
  text += sql_comment_line(direction == Direction::Up ? "does:" : "undoes:");
  for (const std::string &summary : migration.summaries) text += sql_comment_line("  " + summary);
  if (direction == Direction::Up) {
    for (const std::string &deploy : migration.deploy_first) text += sql_comment_line("deploy first: " + deploy);
    for (const plan::Hazard &hazard : migration.hazards) {
      text += sql_comment_line(fmt::format("hazard {}: {}", hazard_name(hazard.kind), hazard.reason));
    }
  }
  return text;
}

} // namespace

bool header_marks_data_loss(const std::string &migration_text) {
  std::string line = sql_comment_line(fmt::format("hazard {}: ", hazard_name(plan::HazardKind::DataLoss)));
  line.pop_back(); // the line break that ends it
  for (std::size_t at = migration_text.find(line); at != std::string::npos; at = migration_text.find(line, at + 1)) {
    if (at == 0 || migration_text[at - 1] == '\n') return true;
  }
  return false;
}

namespace {

const std::vector<StepStatements> &steps_of(const Migration &migration, Direction direction) {
  return direction == Direction::Up ? migration.up : migration.down;
}

// How a runner sends a file decides what the file may hold.
struct Sending {
  bool whole_file_as_one_query = false; // golang-migrate, dbmate: settings would make it multi-statement
  bool wraps_in_transaction = false;    // dbmate, goose, flyway: no BEGIN/COMMIT of ours
  bool goose_blocks = false;            // each statement in StatementBegin/End
};

std::string line(const std::string &statement, const Sending &sending) {
  if (!sending.goose_blocks) return terminated(statement);
  return "-- +goose StatementBegin\n" + terminated(statement) + "-- +goose StatementEnd\n";
}

std::string set_limits(const plan::Limits &limits, std::string_view scope, const Sending &sending) {
  return line(fmt::format("SET {}lock_timeout = {}", scope, pg::quote_literal(limits.lock_timeout)), sending) +
         line(fmt::format("SET {}statement_timeout = {}", scope, pg::quote_literal(limits.statement_timeout)), sending);
}

// In a transaction, SET LOCAL: the limits end with it, and a step sets its
// own when they differ from the one before.
std::string transaction_body(const std::vector<StepStatements> &steps, const Sending &sending) {
  std::string text;
  std::optional<plan::Limits> in_force;
  for (const StepStatements &step : steps) {
    if (step.limits && step.limits != in_force) {
      text += set_limits(*step.limits, "LOCAL ", sending) + "\n";
      in_force = step.limits;
    }
    for (const std::string &statement : step.statements) text += line(statement, sending) + "\n";
  }
  return text;
}

// A statement alone, outside a transaction: SET before it and RESET after,
// so nothing outlives the file on the runner's connection — where the
// runner sends statements one by one. Where it sends the whole file as one
// query, a SET would make that a multi-statement string, which PostgreSQL
// runs as a transaction block: the file says what the connection needs.
std::string lone_statement_body(const StepStatements &step, const Sending &sending) {
  const std::string statement = line(step.statements.front(), sending) + "\n";
  if (!step.limits) return statement;
  if (sending.whole_file_as_one_query) {
    return "-- runs under the connection's own limits (this runner sends the file as one query, which\n" +
           sql_comment_line(fmt::format("cannot set them): it wants lock_timeout = {} and statement_timeout = {}",
                                        pg::quote_literal(step.limits->lock_timeout),
                                        pg::quote_literal(step.limits->statement_timeout))) +
           statement;
  }
  return set_limits(*step.limits, "", sending) + statement + line("RESET lock_timeout", sending) +
         line("RESET statement_timeout", sending);
}

// What a failed attempt of the statement left behind goes first, so that
// the file can simply be run again. Where the runner sends the file as one
// query it cannot come along: the file says what to run first instead.
std::string retry_cleanup_text(const std::string &cleanup, const Sending &sending) {
  if (cleanup.empty()) return "";
  if (!sending.whole_file_as_one_query) return line(cleanup, sending) + "\n";
  std::string text = "-- if an earlier attempt of this file failed half-way, run this first (it does nothing\n"
                     "-- otherwise), then the file again:\n";
  std::size_t start = 0;
  for (std::size_t end = cleanup.find('\n'); start <= cleanup.size(); end = cleanup.find('\n', start)) {
    const std::size_t stop = end == std::string::npos ? cleanup.size() : end;
    text += sql_comment_line("  " + cleanup.substr(start, stop - start) + (end == std::string::npos ? ";" : ""));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return text;
}

std::string body(const Migration &migration, Direction direction, const Sending &sending) {
  const std::vector<StepStatements> &steps = steps_of(migration, direction);
  if (steps.empty()) return "-- nothing to do\n";
  if (!migration.transactional) {
    const std::string cleanup = direction == Direction::Up ? retry_cleanup_text(migration.retry_cleanup, sending) : "";
    return cleanup + lone_statement_body(steps.front(), sending);
  }
  const bool own_transaction = !sending.wraps_in_transaction;
  std::string text = own_transaction ? "BEGIN;\n\n" : "";
  text += transaction_body(steps, sending);
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
    // sqitch.plan is read line by line, a note being all after the first
    // `#`: the note must stay on its line. Sqitch itself writes a note's
    // line breaks and backslashes as `\n`, `\r`, `\\` and reads them back
    // (App::Sqitch::Plan::Line), the escapes of sql_comment_text.
    plan += fmt::format("{} {} schemadiff <schemadiff@localhost> # {} ({})\n", change,
                        sqitch_time(numbered.unix_seconds), phase_name(migration.phase), sql_comment_text(note));
  }
  // Last: the plan is what makes sqitch see the changes.
  files.push_back({"sqitch.plan", std::move(plan)});
}

} // namespace schemadiff::emit
