#pragma once
// Putting a migration's files in place all or none. Every file is written
// and flushed in a staging directory first (see staging_directory.hpp);
// then, while signals wait, a directory that did not exist appears with one
// rename, and files for an existing directory are renamed into it one by
// one in the order given and taken back if one of them cannot be. The
// directories whose entries changed are flushed. An error or a signal
// leaves all of the files or none of them, and no staging directory.

#include "schemadiff/emit/migration_formats.hpp"

#include <filesystem>
#include <set>
#include <vector>

namespace schemadiff::emit {

// Writes `files` below `directory` (created if missing), in the order
// given: a reader of the directory that sees a file sees every file before
// it. A file that already exists is an error — nothing is written — unless
// its relative path is in `replaceable`. On any error, no file is left
// behind and a replaced file is back as it was.
void write_files_atomically(const std::filesystem::path &directory, const std::vector<MigrationFile> &files,
                            const std::set<std::filesystem::path> &replaceable = {});

} // namespace schemadiff::emit
