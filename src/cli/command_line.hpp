#pragma once
// What the user asked for, as parsed from argv: plain data for the commands.

#include <optional>
#include <string>

namespace schemadiff::cli {

struct CommandLine {
  std::string command;
  std::optional<std::string> config;
  std::optional<std::string> db;
  std::optional<std::string> schema;
  std::optional<std::string> out;
  std::optional<std::string> format;
  std::optional<std::string> dev_url;
  std::optional<std::string> pg_bin;
  std::optional<std::string> name;
  std::optional<std::string> against;
  bool allow_destructive = false;
  bool down = false;                  // plan --down
  std::optional<std::size_t> revert;  // apply --down N
  bool dry_run = false;               // apply --dry-run
  bool force = false;                 // apply --force
  std::optional<double> wait_seconds; // apply --wait
  double max_replica_lag = 10;        // apply --max-replica-lag, seconds
};

} // namespace schemadiff::cli
