#pragma once
// The current state of a project without a live database: what the
// migrations written so far add up to, replayed in the runner's order on a
// (throwaway) database.

#include "schemadiff/emit/migration_formats.hpp"

#include <filesystem>
#include <string>

namespace schemadiff::run {

// Runs the up of every migration in `directory`, in order, on the database
// at `conninfo`, each statement on its own in autocommit. Returns how many
// migrations ran. Throws Error naming the file and line of a statement the
// server refused.
std::size_t replay_migrations(const std::filesystem::path &directory, emit::MigrationFormat format,
                              const std::string &conninfo);

} // namespace schemadiff::run
