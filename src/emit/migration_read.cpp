// read_migrations: the directory walk and what every format's reader shares.

#include "migration_read.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/text_file.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace fs = std::filesystem;

namespace reading {

std::string read_text(const fs::path &file) { return read_text_file(file, "migration file"); }

std::vector<fs::path> files_in(const fs::path &directory) {
  std::vector<fs::path> files;
  std::error_code error;
  for (auto entry = fs::directory_iterator(directory, error); !error && entry != fs::directory_iterator();
       entry.increment(error)) {
    if (entry->is_regular_file(error)) files.push_back(entry->path());
  }
  if (error) throw Error("cannot read the migration directory: " + error.message(), directory.string());
  std::sort(files.begin(), files.end(),
            [](const fs::path &a, const fs::path &b) { return a.filename().string() < b.filename().string(); });
  return files;
}

std::uint64_t parse_version(std::string_view digits, const fs::path &file) {
  std::uint64_t version = 0;
  constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
  for (const char digit : digits) {
    const auto value = static_cast<std::uint64_t>(digit - '0');
    if (digit < '0' || digit > '9' || version > (most - value) / 10) {
      throw Error(fmt::format("the version {} is not a whole number below 2^64", digits), file.string(),
                  "versions are yyyymmddHHMMSS timestamps or small whole numbers");
    }
    version = version * 10 + value;
  }
  return version;
}

int line_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

void order_by_version(std::vector<WrittenMigration> &migrations) {
  std::stable_sort(migrations.begin(), migrations.end(),
                   [](const WrittenMigration &a, const WrittenMigration &b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      throw Error(fmt::format("two migrations have version {}: {} and {}", migrations[i].version,
                              migrations[i - 1].file.filename().string(), migrations[i].file.filename().string()),
                  migrations[i].file.string(), "the runner applies one migration per version; renumber one of them");
    }
  }
}

} // namespace reading

std::vector<WrittenMigration> read_migrations(const fs::path &directory, MigrationFormat format) {
  std::error_code error;
  if (!fs::exists(directory, error)) return {};
  if (!fs::is_directory(directory, error)) {
    throw Error("the migration directory is a file, not a directory", directory.string());
  }
  switch (format) {
  case MigrationFormat::GolangMigrate:
  case MigrationFormat::Plain: {
    auto migrations = reading::read_up_down_pairs(directory, format);
    reading::order_by_version(migrations);
    return migrations;
  }
  case MigrationFormat::Dbmate: {
    auto migrations = reading::read_dbmate(directory);
    reading::order_by_version(migrations);
    return migrations;
  }
  case MigrationFormat::Goose: {
    auto migrations = reading::read_goose(directory);
    reading::order_by_version(migrations);
    return migrations;
  }
  case MigrationFormat::Flyway:
    return reading::read_flyway(directory);
  case MigrationFormat::Sqitch:
    return reading::read_sqitch(directory);
  }
  return {};
}

} // namespace schemadiff::emit
