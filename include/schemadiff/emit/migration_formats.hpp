#pragma once
// The migration runners' file formats: writing migrations as files, and
// reading back the ones a directory already holds (its history).
//
// | format         | files for version V and name N                                   | no transaction            |
// |----------------|------------------------------------------------------------------|---------------------------|
// | golang-migrate | V_N.up.sql, V_N.down.sql (each sent as one query)                 | the file is one statement |
// | dbmate         | V_N.sql with `-- migrate:up` / `-- migrate:down` sections         | `transaction:false`       |
// | goose          | V_N.sql with `-- +goose Up` / `-- +goose Down`, statements in     | `-- +goose NO TRANSACTION`|
// |                | `-- +goose StatementBegin` / `StatementEnd`                       |                           |
// | flyway         | VV__N.sql, UV__N.sql (undo); VV__N.sql.conf                       | `executeInTransaction=false` in the .conf |
// | sqitch         | deploy/V_N.sql, revert/V_N.sql, verify/V_N.sql, a sqitch.plan line | no BEGIN/COMMIT in the script |
// | plain          | V_N.up.sql, V_N.down.sql for psql -f (BEGIN/COMMIT in the file)   | no BEGIN/COMMIT           |
//
// Versions are UTC timestamps, yyyymmddHHMMSS, that keep increasing: a
// migration written in the same second as the previous one (or whose
// clock is behind the directory's newest version) takes the next number.

#include "schemadiff/emit/migrations.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::emit {

enum class MigrationFormat { GolangMigrate, Dbmate, Goose, Flyway, Sqitch, Plain };

// "golang-migrate", "dbmate", ...; parse throws Error naming the known ones.
std::string format_name(MigrationFormat format);
MigrationFormat parse_format(const std::string &name);

// A file to write, relative to the migration directory, with its whole text.
struct MigrationFile {
  std::filesystem::path path;
  std::string text;

  bool operator==(const MigrationFile &) const = default;
};

// A migration already in the directory, as its runner would see it.
struct WrittenMigration {
  std::uint64_t version = 0;
  std::string name;
  bool transactional = true;
  std::string up;   // the text the runner sends for up (annotations included)
  std::string down; // empty when the format has none
  std::filesystem::path file; // the up file, for error messages

  bool operator==(const WrittenMigration &) const = default;
};

// The directory's migrations in the order the runner applies them (version
// order; sqitch.plan order for sqitch). A missing directory has none.
// Throws Error naming the file when one does not follow the format.
std::vector<WrittenMigration> read_migrations(const std::filesystem::path &directory, MigrationFormat format);

struct WriteRequest {
  std::vector<Migration> migrations;
  std::string name;                 // base name, already a slug
  std::uint64_t first_version = 0;  // the clock's version; raised past `history`
  std::vector<WrittenMigration> history;
  std::string existing_sqitch_plan; // sqitch.plan's current text, if any
};

// The files that add `migrations` to the directory: new files, and for
// sqitch the whole new sqitch.plan. In the order to put them in place, so
// that a runner never sees part of a migration: migrations in version
// order, each one's other files (down, undo, .conf) before the file that
// makes the runner see it (up, V script), sqitch.plan last.
std::vector<MigrationFile> render_migration_files(const WriteRequest &request, MigrationFormat format);

// Whether a written migration's header lists a data_loss hazard: what apply
// asks --allow-destructive for, as write does.
bool header_marks_data_loss(const std::string &migration_text);

// yyyymmddHHMMSS of a UTC time in seconds since the epoch.
std::uint64_t version_of_time(std::int64_t unix_seconds);

// A migration name from free text: lower case, [a-z0-9_], at most 60 characters.
std::string name_slug(const std::string &text);

} // namespace schemadiff::emit
