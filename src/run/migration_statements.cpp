#include "migration_statements.hpp"

#include "schemadiff/text_file.hpp"

#include <algorithm>

namespace schemadiff::run {

namespace {

// The line of `file` at which `text` starts: dbmate and goose files hold
// their up and down after a few lines; the other formats are all one script.
int first_line_of(const std::filesystem::path &file, const std::string &text) {
  if (text.empty() || !std::filesystem::exists(file)) return 1;
  const std::string file_text = read_text_file(file, "migration file");
  const std::size_t at = file_text.find(text);
  if (at == std::string::npos) return 1;
  return 1 + static_cast<int>(std::count(file_text.begin(), file_text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// Where the down's text is: its own file for the formats that have one.
std::filesystem::path down_file(const emit::WrittenMigration &migration, emit::MigrationFormat format) {
  const std::string up = migration.file.filename().string();
  switch (format) {
  case emit::MigrationFormat::GolangMigrate:
  case emit::MigrationFormat::Plain:
    if (up.ends_with(".up.sql")) return migration.file.parent_path() / (up.substr(0, up.size() - 7) + ".down.sql");
    break;
  case emit::MigrationFormat::Flyway:
    if (up.starts_with("V")) return migration.file.parent_path() / ("U" + up.substr(1));
    break;
  case emit::MigrationFormat::Sqitch:
    return migration.file.parent_path().parent_path() / "revert" / up;
  default:
    break;
  }
  return migration.file;
}

} // namespace

bool is_psql_script(emit::MigrationFormat format) {
  return format == emit::MigrationFormat::Plain || format == emit::MigrationFormat::Sqitch;
}

std::vector<ScriptStatement> migration_statements(const emit::WrittenMigration &migration, emit::MigrationFormat format,
                                                  Direction direction) {
  const bool up = direction == Direction::Up;
  const std::filesystem::path file = up ? migration.file : down_file(migration, format);
  const std::string &text = up ? migration.up : migration.down;
  return split_script(text, is_psql_script(format), file.string(), first_line_of(file, text));
}

} // namespace schemadiff::run
