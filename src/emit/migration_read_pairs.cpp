// golang-migrate and plain: {version}_{name}.up.sql beside {version}_{name}.down.sql.
//
// golang-migrate sends each file as one query string; PostgreSQL runs a
// string of several statements as one implicit transaction, so only a file
// of a single statement without BEGIN runs outside a transaction. plain
// files go through psql -f, which sends statements one by one: only the
// file's own BEGIN makes them one transaction.

#include "migration_read.hpp"

#include "schemadiff/error.hpp"

#include <map>
#include <optional>

#include <fmt/format.h>

namespace schemadiff::emit::reading {

namespace fs = std::filesystem;

namespace {

struct PairFileName {
  std::string version_digits;
  std::string name;
  bool up = true;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// {digits}_{name}.up.sql or .down.sql; anything else is not a migration
// (golang-migrate skips the names it cannot parse).
std::optional<PairFileName> parse_pair_file_name(std::string_view file_name) {
  std::size_t digits = 0;
  while (digits < file_name.size() && file_name[digits] >= '0' && file_name[digits] <= '9') ++digits;
  if (digits == 0 || digits >= file_name.size() || file_name[digits] != '_') return std::nullopt;
  PairFileName parsed;
  parsed.version_digits = std::string(file_name.substr(0, digits));
  std::string_view rest = file_name.substr(digits + 1);
  if (ends_with(rest, ".up.sql")) {
    rest.remove_suffix(std::string_view(".up.sql").size());
  } else if (ends_with(rest, ".down.sql")) {
    rest.remove_suffix(std::string_view(".down.sql").size());
    parsed.up = false;
  } else {
    return std::nullopt;
  }
  parsed.name = std::string(rest);
  return parsed;
}

struct Pair {
  std::optional<fs::path> up;
  std::string name;
  std::optional<fs::path> down;
};

void put_once(std::optional<fs::path> &slot, const fs::path &file, std::uint64_t version) {
  if (slot) {
    throw Error(fmt::format("two migrations have version {}: {} and {}", version, slot->filename().string(),
                            file.filename().string()),
                file.string(), "the runner applies one migration per version; renumber one of them");
  }
  slot = file;
}

bool is_transactional(const std::string &up, MigrationFormat format) {
  const ScriptShape shape = script_shape(up);
  if (format == MigrationFormat::GolangMigrate) return shape.opens_transaction || shape.statements > 1;
  return shape.opens_transaction;
}

} // namespace

std::vector<WrittenMigration> read_up_down_pairs(const fs::path &directory, MigrationFormat format) {
  std::map<std::uint64_t, Pair> pairs;
  for (const fs::path &file : files_in(directory)) {
    const auto parsed = parse_pair_file_name(file.filename().string());
    if (!parsed) continue;
    const std::uint64_t version = parse_version(parsed->version_digits, file);
    Pair &pair = pairs[version];
    if (parsed->up) {
      put_once(pair.up, file, version);
      pair.name = parsed->name;
    } else {
      put_once(pair.down, file, version);
    }
  }
  std::vector<WrittenMigration> migrations;
  for (const auto &[version, pair] : pairs) {
    if (!pair.up) {
      throw Error(fmt::format("the down migration of version {} has no up migration", version), pair.down->string(),
                  fmt::format("add {}_<name>.up.sql, or remove the down file", version));
    }
    WrittenMigration migration;
    migration.version = version;
    migration.name = pair.name;
    migration.file = *pair.up;
    migration.up = read_text(*pair.up);
    if (pair.down) migration.down = read_text(*pair.down);
    migration.transactional = is_transactional(migration.up, format);
    migrations.push_back(std::move(migration));
  }
  return migrations;
}

} // namespace schemadiff::emit::reading
