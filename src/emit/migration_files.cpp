// The migration files of every format: names, versions, headers, and the
// dispatch to each runner's layout (migration_layouts.cpp).

#include "schemadiff/emit/migration_formats.hpp"

#include "migration_layouts.hpp"

#include "schemadiff/emit/plan_render.hpp"
#include "schemadiff/error.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

constexpr std::array<std::pair<MigrationFormat, const char *>, 6> format_names = {{
    {MigrationFormat::GolangMigrate, "golang-migrate"},
    {MigrationFormat::Dbmate, "dbmate"},
    {MigrationFormat::Goose, "goose"},
    {MigrationFormat::Flyway, "flyway"},
    {MigrationFormat::Sqitch, "sqitch"},
    {MigrationFormat::Plain, "plain"},
}};

// Versions written by people (1, 2, 3 …) are not times: after them the
// clock's version is already larger.
constexpr std::uint64_t earliest_time_version = 19700101000000ULL;

std::int64_t time_of_version(std::uint64_t version) {
  std::tm time{};
  time.tm_year = static_cast<int>(version / 10000000000ULL) - 1900;
  time.tm_mon = static_cast<int>(version / 100000000ULL % 100) - 1;
  time.tm_mday = static_cast<int>(version / 1000000ULL % 100);
  time.tm_hour = static_cast<int>(version / 10000ULL % 100);
  time.tm_min = static_cast<int>(version / 100ULL % 100);
  time.tm_sec = static_cast<int>(version % 100);
  return static_cast<std::int64_t>(timegm(&time));
}

// The first version to write: the clock's, or one second after the
// directory's newest when that is not earlier.
std::int64_t first_time(const WriteRequest &request) {
  std::int64_t first = time_of_version(request.first_version);
  for (const WrittenMigration &written : request.history) {
    if (written.version >= earliest_time_version) first = std::max(first, time_of_version(written.version) + 1);
  }
  return first;
}

// expand, backfill, contract; a second migration of a phase is _2, ...
std::vector<std::string> migration_names(const std::vector<Migration> &migrations, const std::string &base) {
  std::map<plan::Phase, std::size_t> per_phase;
  for (const Migration &migration : migrations) ++per_phase[migration.phase];
  std::map<plan::Phase, std::size_t> seen;
  std::vector<std::string> names;
  for (const Migration &migration : migrations) {
    std::string name = base + "_" + phase_name(migration.phase);
    const std::size_t number = ++seen[migration.phase];
    if (per_phase[migration.phase] > 1) name += fmt::format("_{}", number);
    names.push_back(std::move(name));
  }
  return names;
}

} // namespace

std::string format_name(MigrationFormat format) {
  for (const auto &[known, name] : format_names) {
    if (known == format) return name;
  }
  return "?";
}

MigrationFormat parse_format(const std::string &name) {
  std::string known_names;
  for (const auto &[format, known] : format_names) {
    if (name == known) return format;
    known_names += (known_names.empty() ? "" : ", ") + std::string(known);
  }
  throw Error(fmt::format("unknown migration format '{}'", name), "--format / [write] format",
              "use one of: " + known_names);
}

std::uint64_t version_of_time(std::int64_t unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm time{};
  gmtime_r(&seconds, &time);
  return static_cast<std::uint64_t>(time.tm_year + 1900) * 10000000000ULL +
         static_cast<std::uint64_t>(time.tm_mon + 1) * 100000000ULL + static_cast<std::uint64_t>(time.tm_mday) * 1000000ULL +
         static_cast<std::uint64_t>(time.tm_hour) * 10000ULL + static_cast<std::uint64_t>(time.tm_min) * 100ULL +
         static_cast<std::uint64_t>(time.tm_sec);
}

std::string name_slug(const std::string &text) {
  constexpr std::size_t longest = 60;
  std::string slug;
  for (const char c : text) {
    if (slug.size() == longest) break;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug.empty() ? "migration" : slug;
}

std::vector<MigrationFile> render_migration_files(const WriteRequest &request, MigrationFormat format) {
  const std::vector<std::string> names = migration_names(request.migrations, request.name);
  const std::int64_t first = first_time(request);
  std::vector<NumberedMigration> numbered;
  for (std::size_t i = 0; i < request.migrations.size(); ++i) {
    const std::int64_t seconds = first + static_cast<std::int64_t>(i);
    numbered.push_back({&request.migrations[i], version_of_time(seconds), names[i], seconds});
  }
  std::vector<MigrationFile> files;
  if (format == MigrationFormat::Sqitch) {
    lay_out_sqitch(numbered, request.existing_sqitch_plan, files);
    return files;
  }
  for (const NumberedMigration &migration : numbered) lay_out(migration, format, files);
  return files;
}

} // namespace schemadiff::emit
