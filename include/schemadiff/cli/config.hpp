#pragma once
// schemadiff.toml: the settings a project keeps beside its schema. Every key
// is known; an unknown one is an error, so a typo never goes unnoticed.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::cli {

struct SafetySettings {
  std::string lock_timeout = "1s"; // the planner's default; see plan::PlanOptions
  std::string statement_timeout = "0";
  std::int64_t backfill_batch_rows = 5000;

  bool operator==(const SafetySettings &) const = default;
};

// [apply]: how a step that lost its lock wait is tried again, and how
// backfills are paced.
struct ApplySettings {
  std::int64_t lock_retries = 10;       // tries in all
  std::string retry_first_wait = "1s";  // the pause before the second
  std::string retry_max_wait = "30s";   // no pause is longer
  std::int64_t batch_target_ms = 200;   // a backfill batch aims at this duration
  std::int64_t batch_pause_ms = 0;      // and pauses this long after each

  bool operator==(const ApplySettings &) const = default;
};

// A duration as the settings write it ("1s", "500ms", "2min", "0") in
// milliseconds; the settings are checked when read, so it never throws.
std::int64_t duration_milliseconds(const std::string &duration);

struct Config {
  // Where it was read from; empty when no file was read.
  std::filesystem::path file;

  std::optional<std::string> database_url; // [database] url
  std::optional<std::string> dev_url;      // [database] dev_url
  std::optional<std::filesystem::path> pg_bin; // [embedded] pg_bin
  std::map<std::string, std::string> renames;  // [renames] "old qualified name" = "new name"
  std::map<std::string, std::string> backfill; // [backfill] "schema.table.column" = "SQL expression"
  SafetySettings safety;                       // [safety]
  ApplySettings apply;                         // [apply]
  std::optional<std::string> write_format;     // [write] format
  std::vector<std::string> drift_ignore;       // [drift] ignore

  bool operator==(const Config &) const = default;
};

// Reads and checks a configuration file. Errors name file:line:column.
Config load_config(const std::filesystem::path &file);

// Reads configuration text; `file` is only used in messages.
Config parse_config(std::string_view text, const std::filesystem::path &file);

// --config FILE when given (it must exist), else ./schemadiff.toml if it
// exists, else the defaults.
Config find_config(const std::optional<std::filesystem::path> &explicit_file);

} // namespace schemadiff::cli
