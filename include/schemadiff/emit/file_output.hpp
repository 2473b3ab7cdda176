#pragma once
// Putting files in place so that a reader never sees half of them: every
// file is written and flushed under a temporary name first, and only when
// all are written are they renamed into place.

#include "schemadiff/emit/migration_formats.hpp"

#include <filesystem>
#include <set>
#include <vector>

namespace schemadiff::emit {

// Writes `files` below `directory` (created if missing). A file that
// already exists is an error — nothing is written — unless its relative path
// is in `replaceable`. On any error, no file is left behind.
void write_files_atomically(const std::filesystem::path &directory, const std::vector<MigrationFile> &files,
                            const std::set<std::filesystem::path> &replaceable = {});

} // namespace schemadiff::emit
