#pragma once
// Reading a migration directory back: what the per-format readers share.
// read_migrations (migration_read.cpp) picks the reader of the format; each
// reader returns the migrations it found, and the caller orders them.

#include "schemadiff/emit/migration_formats.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::emit::reading {

// The whole file. Throws Error naming it when it cannot be read.
std::string read_text(const std::filesystem::path &file);

// The regular files directly in `directory` (runners do not descend), by name.
std::vector<std::filesystem::path> files_in(const std::filesystem::path &directory);

// A version made of decimal digits. Throws Error naming `file` when it does
// not fit in 64 bits.
std::uint64_t parse_version(std::string_view digits, const std::filesystem::path &file);

// The 1-based line of a byte offset.
int line_at(std::string_view text, std::size_t offset);

// What a SQL script holds at its top level (outside quotes, dollar quotes
// and comments): how many statements, and whether one of them opens a
// transaction block (BEGIN or START TRANSACTION).
struct ScriptShape {
  std::size_t statements = 0;
  bool opens_transaction = false;
};
ScriptShape script_shape(std::string_view sql);

// Sorts by version; two migrations with one version are an Error naming both files.
void order_by_version(std::vector<WrittenMigration> &migrations);

// The readers, one per file layout.
std::vector<WrittenMigration> read_up_down_pairs(const std::filesystem::path &directory, MigrationFormat format);
std::vector<WrittenMigration> read_dbmate(const std::filesystem::path &directory);
std::vector<WrittenMigration> read_goose(const std::filesystem::path &directory);
std::vector<WrittenMigration> read_flyway(const std::filesystem::path &directory); // ordered already
std::vector<WrittenMigration> read_sqitch(const std::filesystem::path &directory); // in plan order

} // namespace schemadiff::emit::reading
