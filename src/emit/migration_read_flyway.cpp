// Flyway: V{version}__{description}.sql applies, U{version}__{description}.sql
// undoes (Flyway Teams), R__{description}.sql are repeatable migrations,
// applied after the versioned ones in description order. A
// {migration}.sql.conf beside a script holds its settings; of those only
// executeInTransaction matters here.
//
// Flyway versions are dotted (1, 1.1, 2.0.3; an underscore stands for a
// dot) and compare part by part, trailing zeros ignored. WrittenMigration
// keeps the first part as its version; the order follows every part.

#include "migration_read.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::emit::reading {

namespace fs = std::filesystem;

namespace {

struct FlywayName {
  char prefix = 'V';                  // V, U or R
  std::vector<std::uint64_t> version; // without trailing zero parts; empty for R
  std::string description;
};

bool ends_with(const std::string &text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::uint64_t> parse_flyway_version(std::string_view text, const fs::path &file) {
  std::vector<std::uint64_t> parts;
  std::size_t at = 0;
  while (true) {
    const std::size_t end = std::min(text.find_first_of("._", at), text.size());
    const std::string_view part = text.substr(at, end - at);
    if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw Error(fmt::format("`{}` is not a Flyway version", text), file.string(),
                  "name versioned migrations V{version}__{description}.sql, with versions such as 1, 2.1 or "
                  "20240501120000");
    }
    parts.push_back(parse_version(part, file));
    if (end == text.size()) break;
    at = end + 1;
  }
  while (parts.size() > 1 && parts.back() == 0) parts.pop_back();
  return parts;
}

// Not a Flyway migration: nullopt. A name that starts like a versioned
// migration (V or U and a digit) but does not follow the pattern: Error.
std::optional<FlywayName> parse_flyway_name(const fs::path &file) {
  const std::string file_name = file.filename().string();
  if (!ends_with(file_name, ".sql")) return std::nullopt;
  const std::string stem = file_name.substr(0, file_name.size() - 4);
  if (stem.rfind("R__", 0) == 0) return FlywayName{'R', {}, stem.substr(3)};
  const bool versioned =
      stem.size() > 1 && (stem[0] == 'V' || stem[0] == 'U') && std::isdigit(static_cast<unsigned char>(stem[1])) != 0;
  if (!versioned) return std::nullopt;
  const std::size_t separator = stem.find("__");
  if (separator == std::string::npos) {
    throw Error("a Flyway migration name without `__` between version and description", file.string(),
                "name it V{version}__{description}.sql");
  }
  return FlywayName{stem[0], parse_flyway_version(std::string_view(stem).substr(1, separator - 1), file),
                    stem.substr(separator + 2)};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string &text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// executeInTransaction from a script's .conf file (true when there is none).
bool executes_in_transaction(const fs::path &script) {
  const fs::path conf = script.string() + ".conf";
  std::error_code error;
  if (!fs::is_regular_file(conf, error)) return true;
  const std::string text = read_text(conf);
  bool in_transaction = true;
  int number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = trim(text.substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t equals = line.find('=');
    if (equals == std::string::npos) {
      throw Error("a line of a Flyway script configuration without `key=value`", file_position(conf.string(), number),
                  "write executeInTransaction=false");
    }
    if (trim(line.substr(0, equals)) != "executeInTransaction") continue;
    const std::string value = lower(trim(line.substr(equals + 1)));
    if (value != "true" && value != "false") {
      throw Error(fmt::format("executeInTransaction is `{}`, not true or false", value),
                  file_position(conf.string(), number));
    }
    in_transaction = value == "true";
  }
  return in_transaction;
}

struct Versioned {
  std::optional<fs::path> apply;
  std::optional<fs::path> undo;
  std::string description;
};

std::string version_text(const std::vector<std::uint64_t> &version) {
  return fmt::format("{}", fmt::join(version, "."));
}

void put_once(std::optional<fs::path> &slot, const fs::path &file, const std::vector<std::uint64_t> &version) {
  if (slot) {
    throw Error(fmt::format("two migrations have version {}: {} and {}", version_text(version),
                            slot->filename().string(), file.filename().string()),
                file.string(), "Flyway applies one migration per version; renumber one of them");
  }
  slot = file;
}

WrittenMigration written(std::uint64_t version, const std::string &name, const fs::path &script) {
  WrittenMigration migration;
  migration.version = version;
  migration.name = name;
  migration.file = script;
  migration.up = read_text(script);
  migration.transactional = executes_in_transaction(script);
  return migration;
}

} // namespace

std::vector<WrittenMigration> read_flyway(const fs::path &directory) {
  std::map<std::vector<std::uint64_t>, Versioned> versioned;
  std::map<std::string, fs::path> repeatable; // by description, Flyway's order for them
  for (const fs::path &file : files_in(directory)) {
    const auto name = parse_flyway_name(file);
    if (!name) continue;
    if (name->prefix == 'R') {
      repeatable.emplace(name->description, file);
      continue;
    }
    Versioned &entry = versioned[name->version];
    if (name->prefix == 'V') {
      put_once(entry.apply, file, name->version);
      entry.description = name->description;
    } else {
      put_once(entry.undo, file, name->version);
    }
  }
  std::vector<WrittenMigration> migrations;
  for (const auto &[version, entry] : versioned) {
    if (!entry.apply) {
      throw Error(fmt::format("the undo migration of version {} has no versioned migration", version_text(version)),
                  entry.undo->string(),
                  fmt::format("add V{}__<description>.sql, or remove the undo", version_text(version)));
    }
    WrittenMigration migration = written(version.front(), entry.description, *entry.apply);
    if (entry.undo) migration.down = read_text(*entry.undo);
    migrations.push_back(std::move(migration));
  }
  for (const auto &[description, file] : repeatable) migrations.push_back(written(0, description, file));
  return migrations;
}

} // namespace schemadiff::emit::reading
