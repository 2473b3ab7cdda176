#include "commands.hpp"
#include "schemadiff/emit/runner_objects.hpp"
#include "current_state.hpp"
#include "desired_state.hpp"
#include "shadow_server.hpp"

#include "schemadiff/emit/plan_render.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/build.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::cli {

namespace {

plan::PlanOptions plan_options(const Config &config) {
  plan::PlanOptions options;
  options.lock_timeout = config.safety.lock_timeout;
  options.statement_timeout = config.safety.statement_timeout;
  options.backfill_batch_rows = config.safety.backfill_batch_rows;
  options.backfill = config.backfill;
  options.renames = config.renames;
  return options;
}

// The down of the whole plan as a plan of its own: every step's down, last
// step first, so that every format can show it.
plan::Plan down_of(const plan::Plan &up) {
  plan::Plan down(up.rbegin(), up.rend());
  for (plan::Step &step : down) std::swap(step.up, step.down);
  return down;
}

bool colour_wanted() {
  const char *no_colour = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_colour == nullptr || *no_colour == '\0');
}

void warn_on_version_mismatch(int current, int shadow) {
  if (current / 10000 == shadow / 10000) return;
  std::cerr << fmt::format("schemadiff: warning: the schema files were read on PostgreSQL {} but the database runs {}; "
                           "definitions may print differently between major versions (use --dev-url with a server of the "
                           "database's version)\n",
                           shadow / 10000, current / 10000);
}

} // namespace

PlannedChange plan_change(const CommandLine &line, const Config &config) {
  PlannedChange change{CurrentState::open(line, config, true), {}, {}, {}};
  const CurrentState &current = change.current;
  std::cerr << current.describe(line.command);
  ShadowServer shadow(line, config, current.embedded_server());
  // The runner's own history table is left out on both sides: plan never
  // drops it from a live database a runner migrates, nor creates it.
  const emit::MigrationFormat format = migration_format(line, config);
  change.desired = emit::without_runner_objects(read_desired_state(line.schema.value_or("schema"), shadow), format);
  change.current_catalog = emit::without_runner_objects(source::introspect(current.conninfo()), format);
  warn_on_version_mismatch(change.current_catalog.server_version_num, change.desired.server_version_num);

  plan::PlanOptions options = plan_options(config);
  if (current.is_embedded()) {
    // The replayed migrations hold no rows, but the database they will run
    // on does: plan for tables with rows.
    options.table_has_rows = [](const model::QualifiedName &) { return true; };
  } else {
    // Asked only for the tables whose new columns would need a backfill.
    auto live = std::shared_ptr<pqxx::connection>(pg::connect(current.conninfo()));
    options.table_has_rows = [live](const model::QualifiedName &table) {
      pqxx::nontransaction read(*live);
      return read.exec1("SELECT EXISTS (SELECT FROM " + pg::quote_qualified(table.schema, table.name) + ")")[0].as<bool>();
    };
    // The rows a narrowing type change would cut, round or reject (a
    // replay holds none: there it stays unset); a predicate the server
    // cannot run leaves them uncounted, which the plan says.
    options.count_rows = [live](const model::QualifiedName &table,
                                const std::string &predicate) -> std::optional<std::int64_t> {
      try {
        pqxx::nontransaction read(*live);
        return read.exec1("SELECT count(*) FROM " + pg::quote_qualified(table.schema, table.name) + " WHERE " + predicate)[0]
            .as<std::int64_t>();
      } catch (const pqxx::sql_error &) {
        return std::nullopt;
      }
    };
  }
  change.steps = plan::build_plan(change.current_catalog, change.desired, options);
  return change;
}

int run_plan(const CommandLine &line, const Config &config) {
  plan::Plan steps = plan_change(line, config).steps;
  const std::string format = line.format.value_or("text");
  if (line.down) {
    if (format == "sql" || format == "text") {
      std::cout << emit::render_plan_sql(steps, emit::PlanDirection::Down);
      return 0;
    }
    steps = down_of(steps);
  }
  if (format == "sql") {
    std::cout << emit::render_plan_sql(steps);
  } else if (format == "json") {
    std::cout << emit::render_plan_json(steps);
  } else if (format == "markdown") {
    std::cout << emit::render_plan_markdown(steps);
  } else {
    std::cout << emit::render_plan_text(steps, colour_wanted());
  }
  return 0;
}

} // namespace schemadiff::cli
