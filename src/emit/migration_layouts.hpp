#pragma once
// Each runner's file layout for one migration (see migration_formats.hpp
// for the table of formats).

#include "schemadiff/emit/migration_formats.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace schemadiff::emit {

struct NumberedMigration {
  const Migration *migration = nullptr;
  std::uint64_t version = 0;
  std::string name;         // without the version
  std::int64_t unix_seconds = 0; // the version as a time, for sqitch.plan
};

// Every format but sqitch: adds the migration's files to `files`.
void lay_out(const NumberedMigration &migration, MigrationFormat format, std::vector<MigrationFile> &files);

// Sqitch's verify script: fails when an object the migration leaves is missing.
std::string verify_script(const NumberedMigration &migration);

// Sqitch: deploy, revert and verify scripts per migration, and the whole
// sqitch.plan (the existing text, or a new header, plus a line each).
void lay_out_sqitch(const std::vector<NumberedMigration> &migrations, const std::string &existing_plan,
                    std::vector<MigrationFile> &files);

} // namespace schemadiff::emit
