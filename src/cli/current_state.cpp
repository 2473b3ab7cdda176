#include "current_state.hpp"

#include "shadow_server.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/run/replay.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include <pqxx/pqxx>

namespace schemadiff::cli {

std::filesystem::path migration_directory(const CommandLine &line) { return line.out.value_or("generated"); }

emit::MigrationFormat migration_format(const CommandLine &line, const Config &config) {
  if ((line.command == "write" || line.command == "apply") && line.format) return emit::parse_format(*line.format);
  return emit::parse_format(config.write_format.value_or("golang-migrate"));
}

std::optional<std::string> live_database(const CommandLine &line, const Config &config) {
  if (line.db) return line.db;
  if (config.database_url) return config.database_url;
  if (const char *from_environment = std::getenv("DATABASE_URL"); from_environment != nullptr && *from_environment) {
    return std::string(from_environment);
  }
  return std::nullopt;
}

CurrentState CurrentState::open(const CommandLine &line, const Config &config, bool embedded_default) {
  CurrentState state;
  if (const auto live = live_database(line, config)) {
    state.conninfo_ = *live;
    state.server_version_num_ = pg::connect(*live)->server_version();
    return state;
  }
  if (!embedded_default) {
    throw Error("no database given", "schemadiff " + line.command,
                "pass --db URL, set [database] url in schemadiff.toml, or set DATABASE_URL");
  }
  state.cluster_ = std::make_unique<pg::EmbeddedCluster>(embedded_options(line, config));
  state.conninfo_ = state.cluster_->create_database("current");
  state.server_version_num_ = state.cluster_->server_version_num();
  state.replayed_from_ = migration_directory(line);
  state.replayed_ = run::replay_migrations(state.replayed_from_, migration_format(line, config), state.conninfo_);
  return state;
}

std::string CurrentState::describe(const std::string &command) const {
  return fmt::format("schemadiff {}: current state: {} (PostgreSQL {}.{})\n", command,
                     is_embedded() ? fmt::format("the replay of {} migration(s) in {} on the embedded server", replayed_,
                                                 replayed_from_.string())
                                   : "the live database",
                     server_version_num_ / 10000, server_version_num_ % 10000);
}

} // namespace schemadiff::cli
