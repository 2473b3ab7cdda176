#pragma once
// Files and directory entries that survive a crash: a file is on disk before
// anything names it, a directory's entries are flushed after they change,
// and a rename never replaces what another program put there meanwhile.

#include <filesystem>
#include <string>
#include <system_error>

namespace schemadiff::emit {

// Creates `file`, which must not exist yet, holding `text`, and flushes it
// to disk. Throws Error naming `shown_as` (the file it will become).
void write_durably(const std::filesystem::path &file, const std::string &text, const std::filesystem::path &shown_as);

// Flushes the directory's entries: files created, renamed or removed in it.
// Throws Error naming the directory.
void sync_directory(const std::filesystem::path &directory);

// Renames `from` to `to` unless something (a dangling symlink too) already
// has the name `to`: std::errc::file_exists then, another error code when
// the rename fails, none when it is done.
std::error_code rename_unless_taken(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace schemadiff::emit
