// schemadiff drift: what a live database has that it should not, lacks, or
// has otherwise, compared with the desired schema or with the replay of the
// migration directory. Exit status 0 without drift, 1 with drift, 2 on an
// error (Terraform's -detailed-exitcode), so that CI can gate on it.

#include "commands.hpp"
#include "schemadiff/emit/runner_objects.hpp"
#include "current_state.hpp"
#include "desired_state.hpp"
#include "shadow_server.hpp"

#include "schemadiff/diff/drift.hpp"
#include "schemadiff/emit/drift_render.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"
#include "schemadiff/pg/throwaway_database.hpp"
#include "schemadiff/run/replay.hpp"
#include "schemadiff/source/introspect.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace schemadiff::cli {

namespace {

constexpr int drift_status = 1;

std::vector<diff::IgnorePattern> ignore_patterns(const Config &config) {
  std::vector<diff::IgnorePattern> patterns;
  for (const std::string &text : config.drift_ignore) {
    try {
      patterns.push_back(diff::parse_ignore_pattern(text));
    } catch (const Error &error) {
      const std::string file = config.file.empty() ? std::string("schemadiff.toml") : config.file.string();
      throw Error(fmt::format("{} ({})", error.what(), error.where()), file + ": [drift] ignore", error.hint());
    }
  }
  return patterns;
}

model::Catalog replayed_migrations(const CommandLine &line, const Config &config, const std::string &server) {
  // Without a directory, everything in the database would be drift: say
  // what is wrong instead.
  if (!std::filesystem::is_directory(migration_directory(line))) {
    throw Error("the migration directory does not exist", migration_directory(line).string(),
                "pass --out DIR, or write migrations with schemadiff write");
  }
  const pg::ThrowawayDatabase database(server, "replay");
  const std::size_t replayed =
      run::replay_migrations(migration_directory(line), migration_format(line, config), database.conninfo());
  std::cerr << fmt::format("schemadiff drift: replayed {} migration(s) from {}\n", replayed,
                           migration_directory(line).string());
  return source::introspect(database.conninfo());
}

bool colour_wanted() {
  const char *no_colour = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_colour == nullptr || *no_colour == '\0');
}

std::string render(const emit::DriftReport &report, const std::string &format) {
  if (format == "json") return emit::render_drift_json(report);
  if (format == "markdown") return emit::render_drift_markdown(report);
  if (format == "junit") return emit::render_drift_junit(report);
  return emit::render_drift_text(report, colour_wanted());
}

} // namespace

int run_drift(const CommandLine &line, const Config &config) {
  const std::optional<std::string> live = live_database(line, config);
  if (!live) {
    throw Error("no database given", "schemadiff drift",
                "drift compares a live database: pass --db URL, set [database] url in schemadiff.toml, or set "
                "DATABASE_URL");
  }
  const std::vector<diff::IgnorePattern> ignore = ignore_patterns(config);
  const bool against_migrations = line.against.value_or("schema") == "migrations";

  // The live database first, so that an unreachable server is reported
  // before a shadow server starts. Read only, in one snapshot; a role that
  // may read the catalog but owns nothing and uses no schema is enough.
  source::IntrospectOptions read_only;
  read_only.require_schema_usage = false;
  const model::Catalog database =
      emit::without_runner_objects(source::introspect(*live, read_only), migration_format(line, config));

  ShadowServer shadow(line, config);
  model::Catalog expected;
  std::string source;
  if (against_migrations) {
    source = migration_directory(line).string();
    expected = replayed_migrations(line, config, shadow.conninfo());
  } else {
    source = line.schema.value_or("schema");
    expected = read_desired_state(source, shadow);
  }
  const emit::ExpectedSide side = against_migrations         ? emit::ExpectedSide::Migrations
                                  : names_a_database(source) ? emit::ExpectedSide::SchemaDatabase
                                                             : emit::ExpectedSide::SchemaFiles;
  // A --schema URL may hold a password: the report names it redacted.
  source = pg::redact_secrets(source);
  std::cerr << fmt::format("schemadiff drift: the live database (PostgreSQL {}.{}) against {}\n",
                           database.server_version_num / 10000, database.server_version_num % 10000,
                           emit::expected_source(emit::DriftReport{side, source, {}, 0}));
  if (database.server_version_num / 10000 != expected.server_version_num / 10000) {
    std::cerr << fmt::format("schemadiff: warning: {} was read on PostgreSQL {} but the database runs {}; "
                             "definitions may print differently between major versions (use --dev-url with a server "
                             "of the database's version)\n",
                             emit::expected_side_description(side), expected.server_version_num / 10000,
                             database.server_version_num / 10000);
  }

  const diff::DriftResult result = diff::find_drift(database, expected, ignore);
  const emit::DriftReport report = emit::drift_report(result, database, expected, side, source);
  std::cout << render(report, line.format.value_or("text"));
  return report.drifted() > 0 ? drift_status : 0;
}

} // namespace schemadiff::cli
