#pragma once
// Reading a whole file as text, for every stage that reads one.

#include <filesystem>
#include <string>
#include <string_view>

namespace schemadiff {

// The file's bytes. An unreadable file is an Error "cannot read the
// {what}" naming the file.
std::string read_text_file(const std::filesystem::path &file, std::string_view what);

} // namespace schemadiff
