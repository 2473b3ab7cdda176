#include "schemadiff/cli/config.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/text_file.hpp"

#include <functional>
#include <regex>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace schemadiff::cli {

namespace {

namespace fs = std::filesystem;

std::string position(const fs::path &file, const toml::source_region &source) {
  return file_position(file.string(), static_cast<int>(source.begin.line), static_cast<int>(source.begin.column));
}

std::string read_string(const toml::node &node, const fs::path &file, const std::string &name) {
  if (const auto value = node.value<std::string>()) return *value;
  throw Error(fmt::format("{} must be a string", name), position(file, node.source()));
}

std::int64_t read_positive_integer(const toml::node &node, const fs::path &file, const std::string &name) {
  if (const auto value = node.value<std::int64_t>(); value && *value > 0 && node.is_integer()) return *value;
  throw Error(fmt::format("{} must be a positive integer", name), position(file, node.source()));
}

std::int64_t read_non_negative_integer(const toml::node &node, const fs::path &file, const std::string &name) {
  if (const auto value = node.value<std::int64_t>(); value && *value >= 0 && node.is_integer()) return *value;
  throw Error(fmt::format("{} must be an integer, 0 or more", name), position(file, node.source()));
}

std::vector<std::string> read_string_list(const toml::node &node, const fs::path &file, const std::string &name) {
  const toml::array *array = node.as_array();
  if (array == nullptr) throw Error(fmt::format("{} must be a list of strings", name), position(file, node.source()));
  std::vector<std::string> values;
  for (const toml::node &element : *array) values.push_back(read_string(element, file, name));
  return values;
}

// A PostgreSQL duration ("1s", "500ms", "0", "2min"): anything else is
// refused here, where the file and line are known, instead of by the server
// half-way through a migration.
std::string read_duration(const toml::node &node, const fs::path &file, const std::string &name) {
  static const std::regex duration(R"(\d+(\.\d+)?\s*(us|ms|s|min|h|d)?)");
  std::string value = read_string(node, file, name);
  if (!std::regex_match(value, duration)) {
    throw Error(fmt::format("{} must be a duration such as \"1s\", \"500ms\" or \"0\" (no limit)", name),
                position(file, node.source()));
  }
  return value;
}

using KeyReader = std::function<void(Config &, const toml::node &, const fs::path &)>;

// Every key of a fixed table: "table.key" -> how to read it.
const std::map<std::string, KeyReader> &fixed_keys() {
  static const std::map<std::string, KeyReader> readers = {
      {"database.url",
       [](Config &c, const toml::node &n, const fs::path &f) { c.database_url = read_string(n, f, "database.url"); }},
      {"database.dev_url",
       [](Config &c, const toml::node &n, const fs::path &f) { c.dev_url = read_string(n, f, "database.dev_url"); }},
      {"embedded.pg_bin",
       [](Config &c, const toml::node &n, const fs::path &f) { c.pg_bin = read_string(n, f, "embedded.pg_bin"); }},
      {"safety.lock_timeout",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.safety.lock_timeout = read_duration(n, f, "safety.lock_timeout");
       }},
      {"safety.statement_timeout",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.safety.statement_timeout = read_duration(n, f, "safety.statement_timeout");
       }},
      {"safety.backfill_batch_rows",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.safety.backfill_batch_rows = read_positive_integer(n, f, "safety.backfill_batch_rows");
       }},
      {"apply.lock_retries",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.apply.lock_retries = read_positive_integer(n, f, "apply.lock_retries");
       }},
      {"apply.retry_first_wait",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.apply.retry_first_wait = read_duration(n, f, "apply.retry_first_wait");
       }},
      {"apply.retry_max_wait",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.apply.retry_max_wait = read_duration(n, f, "apply.retry_max_wait");
       }},
      {"apply.batch_target_ms",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.apply.batch_target_ms = read_positive_integer(n, f, "apply.batch_target_ms");
       }},
      {"apply.batch_pause_ms",
       [](Config &c, const toml::node &n, const fs::path &f) {
         c.apply.batch_pause_ms = read_non_negative_integer(n, f, "apply.batch_pause_ms");
       }},
      {"write.format",
       [](Config &c, const toml::node &n, const fs::path &f) { c.write_format = read_string(n, f, "write.format"); }},
      {"drift.ignore", [](Config &c, const toml::node &n,
                          const fs::path &f) { c.drift_ignore = read_string_list(n, f, "drift.ignore"); }},
  };
  return readers;
}

// Tables whose keys are the user's: object names mapped to a string.
std::map<std::string, std::string> *open_table(Config &config, std::string_view table) {
  if (table == "renames") return &config.renames;
  if (table == "backfill") return &config.backfill;
  return nullptr;
}

bool is_fixed_table(std::string_view table) {
  const std::string prefix = std::string(table) + ".";
  for (const auto &[key, reader] : fixed_keys()) {
    if (key.starts_with(prefix)) return true;
  }
  return false;
}

void read_table(Config &config, const std::string &table_name, const toml::table &table, const fs::path &file) {
  if (auto *entries = open_table(config, table_name)) {
    for (const auto &[key, node] : table) {
      (*entries)[std::string(key.str())] = read_string(node, file, fmt::format("{}.\"{}\"", table_name, key.str()));
    }
    return;
  }
  for (const auto &[key, node] : table) {
    const std::string name = fmt::format("{}.{}", table_name, key.str());
    const auto reader = fixed_keys().find(name);
    if (reader == fixed_keys().end()) {
      throw Error(fmt::format("unknown key '{}' in [{}]", key.str(), table_name), position(file, key.source()),
                  "see the schemadiff.toml section of README.md for the keys");
    }
    reader->second(config, node, file);
  }
}

} // namespace

std::int64_t duration_milliseconds(const std::string &duration) {
  static const std::regex parts(R"((\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?)");
  std::smatch match;
  if (!std::regex_match(duration, match, parts)) return 0;
  const double value = std::stod(match[1].str());
  const std::string unit = match[2].str();
  // PostgreSQL reads a bare number of lock_timeout as milliseconds.
  const double factor = unit == "us"    ? 0.001
                        : unit == "s"   ? 1000.0
                        : unit == "min" ? 60000.0
                        : unit == "h"   ? 3600000.0
                        : unit == "d"   ? 86400000.0
                                        : 1.0;
  return static_cast<std::int64_t>(value * factor);
}

Config parse_config(std::string_view text, const fs::path &file) {
  toml::table document;
  try {
    document = toml::parse(text, file.string());
  } catch (const toml::parse_error &error) {
    throw Error(std::string(error.description()), position(file, error.source()));
  }
  Config config;
  config.file = file;
  for (const auto &[key, node] : document) {
    const std::string table_name(key.str());
    if (!is_fixed_table(table_name) && open_table(config, table_name) == nullptr) {
      throw Error(fmt::format("unknown section '{}'", table_name), position(file, key.source()),
                  "known sections: database, embedded, renames, backfill, safety, apply, write, drift");
    }
    const toml::table *table = node.as_table();
    if (table == nullptr) throw Error(fmt::format("'{}' must be a table ([{}])", table_name, table_name), position(file, key.source()));
    read_table(config, table_name, *table, file);
  }
  return config;
}

Config load_config(const fs::path &file) {
  return parse_config(read_text_file(file, "configuration file"), file);
}

Config find_config(const std::optional<fs::path> &explicit_file) {
  if (explicit_file) {
    if (!fs::exists(*explicit_file)) throw Error("the configuration file does not exist", explicit_file->string());
    return load_config(*explicit_file);
  }
  const fs::path default_file = "schemadiff.toml";
  if (fs::exists(default_file)) return load_config(default_file);
  return Config{};
}

} // namespace schemadiff::cli
