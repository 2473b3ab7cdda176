#pragma once
// The database a command reads the current state from: the live one named by
// --db, database.url or DATABASE_URL, or — for plan, write and verify — a
// database on an embedded throwaway server where the migrations written so
// far in the migration directory are replayed.

#include "command_line.hpp"

#include "schemadiff/cli/config.hpp"
#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace schemadiff::cli {

// The migration directory: --out, else generated/.
std::filesystem::path migration_directory(const CommandLine &line);
// The runner's format of the migration directory: write's --format, else
// [write] format, else golang-migrate.
emit::MigrationFormat migration_format(const CommandLine &line, const Config &config);

// --db, else [database] url, else DATABASE_URL; nullopt when none is set.
std::optional<std::string> live_database(const CommandLine &line, const Config &config);

class CurrentState {
public:
  // Connects to the live database (checking that it answers), or starts the
  // embedded server when there is none and `embedded_default` allows it,
  // and replays the migration directory there.
  static CurrentState open(const CommandLine &line, const Config &config, bool embedded_default);

  // libpq connection string of the current state.
  const std::string &conninfo() const { return conninfo_; }
  bool is_embedded() const { return cluster_ != nullptr; }
  // The embedded server's maintenance database, to hold shadow databases too.
  std::string embedded_server() const { return cluster_ ? cluster_->conninfo() : std::string(); }
  int server_version_num() const { return server_version_num_; }
  // How many migrations the replay ran (0 for a live database).
  std::size_t replayed() const { return replayed_; }

  // One line for stderr: where `command` reads the current state from.
  std::string describe(const std::string &command) const;

private:
  std::unique_ptr<pg::EmbeddedCluster> cluster_;
  std::string conninfo_;
  int server_version_num_ = 0;
  std::size_t replayed_ = 0;
  std::filesystem::path replayed_from_;
};

} // namespace schemadiff::cli
