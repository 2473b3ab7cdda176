#include "source_text.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/text_file.hpp"

#include <algorithm>
#include <cctype>

namespace schemadiff::source {

namespace fs = std::filesystem;

std::vector<SchemaFile> read_schema_directory(const fs::path &directory) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw Error("the schema directory does not exist", directory.string(), "pass --schema DIR");
  }
  std::vector<fs::path> paths;
  for (auto entry = fs::recursive_directory_iterator(directory, error); !error && entry != fs::end(entry);
       entry.increment(error)) {
    if (entry->is_regular_file() && entry->path().extension() == ".sql") paths.push_back(entry->path());
  }
  if (error) throw Error("cannot read the schema directory: " + error.message(), directory.string());
  std::sort(paths.begin(), paths.end(), [&](const fs::path &a, const fs::path &b) {
    return a.lexically_relative(directory).generic_string() < b.lexically_relative(directory).generic_string();
  });
  std::vector<SchemaFile> files;
  for (const fs::path &path : paths) {
    files.push_back(SchemaFile{path.string(), read_text_file(path, "schema file")});
  }
  return files;
}

std::string SourceLocation::describe() const { return file_position(file, line, column); }

LineIndex::LineIndex(const SchemaFile &file) : file_(&file) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < file.text.size(); ++i) {
    if (file.text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceLocation LineIndex::at_byte(std::size_t offset) const {
  offset = std::min(offset, file_->text.size());
  const auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line_start = *(next_line - 1);
  int column = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    // Count characters, not bytes: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(file_->text[i]) & 0xC0) != 0x80) ++column;
  }
  return SourceLocation{file_->name, static_cast<int>(next_line - line_starts_.begin()), column};
}

SourceLocation LineIndex::at_character(int position) const {
  std::size_t offset = 0;
  int seen = 0;
  for (; offset < file_->text.size(); ++offset) {
    if ((static_cast<unsigned char>(file_->text[offset]) & 0xC0) == 0x80) continue;
    if (++seen == position) break;
  }
  return at_byte(offset);
}

std::size_t skip_space_and_comments(const std::string &text, std::size_t offset) {
  while (offset < text.size()) {
    const char c = text[offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++offset;
    } else if (text.compare(offset, 2, "--") == 0) {
      const std::size_t end = text.find('\n', offset);
      offset = end == std::string::npos ? text.size() : end + 1;
    } else if (text.compare(offset, 2, "/*") == 0) {
      // PostgreSQL block comments nest.
      int depth = 0;
      do {
        if (text.compare(offset, 2, "/*") == 0) {
          ++depth;
          offset += 2;
        } else if (text.compare(offset, 2, "*/") == 0) {
          --depth;
          offset += 2;
        } else {
          ++offset;
        }
      } while (depth > 0 && offset < text.size());
    } else {
      break;
    }
  }
  return offset;
}

// Skips a quoted string, quoted identifier, dollar-quoted body or comment
// starting at `i`; returns the position after it, or `i` when there is none.
std::size_t skip_quoted(const std::string &text, std::size_t i) {
  const char c = text[i];
  if (c == '\'' || c == '"') {
    for (std::size_t j = i + 1; j < text.size(); ++j) {
      if (text[j] == c) {
        if (j + 1 < text.size() && text[j + 1] == c) {
          ++j;
          continue;
        }
        return j + 1;
      }
    }
    return text.size();
  }
  if (c == '$') {
    const std::size_t tag_end = text.find('$', i + 1);
    if (tag_end == std::string::npos) return i;
    const std::string tag = text.substr(i, tag_end - i + 1);
    const bool plain_tag = std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) { return std::isalnum(static_cast<unsigned char>(t)) || t == '_'; });
    if (!plain_tag) return i;
    const std::size_t close = text.find(tag, tag_end + 1);
    return close == std::string::npos ? text.size() : close + tag.size();
  }
  if (text.compare(i, 2, "--") == 0 || text.compare(i, 2, "/*") == 0) return skip_space_and_comments(text, i);
  return i;
}

std::size_t element_end(const std::string &text, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < text.size();) {
    if (const std::size_t after = skip_quoted(text, i); after != i) {
      i = after;
      continue;
    }
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && depth-- == 0) return i;
    if (text[i] == ',' && depth == 0) return i;
    ++i;
  }
  return text.size();
}

std::string without_psql_meta_commands(std::string text) {
  bool line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t after = skip_quoted(text, i); after != i) {
      line_start = text[after - 1] == '\n';
      i = after;
      continue;
    }
    if (line_start && text[i] == '\\') {
      // Blank the line out rather than remove it: offsets, lines and
      // columns of everything else stay as they are in the file.
      for (; i < text.size() && text[i] != '\n'; ++i) text[i] = ' ';
      continue;
    }
    line_start = text[i] == '\n';
    ++i;
  }
  return text;
}

} // namespace schemadiff::source
