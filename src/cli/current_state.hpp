#pragma once
// The database a command reads the current state from: the live one named by
// --db, database.url or DATABASE_URL, or — for plan, write and verify — a
// fresh database on an embedded throwaway server.

#include "command_line.hpp"

#include "schemadiff/cli/config.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <memory>
#include <optional>
#include <string>

namespace schemadiff::cli {

// --db, else [database] url, else DATABASE_URL; nullopt when none is set.
std::optional<std::string> live_database(const CommandLine &line, const Config &config);

class CurrentState {
public:
  // Connects to the live database (checking that it answers), or starts the
  // embedded server when there is none and `embedded_default` allows it.
  static CurrentState open(const CommandLine &line, const Config &config, bool embedded_default);

  // libpq connection string of the current state.
  const std::string &conninfo() const { return conninfo_; }
  bool is_embedded() const { return cluster_ != nullptr; }
  // The embedded server's maintenance database, to hold shadow databases too.
  std::string embedded_server() const { return cluster_ ? cluster_->conninfo() : std::string(); }
  int server_version_num() const { return server_version_num_; }

  // One line for stderr: where `command` reads the current state from.
  std::string describe(const std::string &command) const;

private:
  std::unique_ptr<pg::EmbeddedCluster> cluster_;
  std::string conninfo_;
  int server_version_num_ = 0;
};

} // namespace schemadiff::cli
