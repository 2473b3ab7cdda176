// dbmate and goose: one file per migration, {version}_{name}.sql, whose
// comment lines mark where the up and the down start.
//
// The up is the file's text from its marker line to the down's marker line
// (markers included: they are comments, and the runner sends them too).

#include "migration_read.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

namespace schemadiff::emit::reading {

namespace fs = std::filesystem;

namespace {

struct Line {
  std::size_t offset = 0; // of its first byte in the file
  int number = 0;         // 1-based
  std::string_view text;  // without the line break
};

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  int number = 1;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(Line{start, number++, line});
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool is_blank_or_comment(std::string_view line) {
  const std::string_view content = trim(line);
  return content.empty() || content.substr(0, 2) == "--";
}

// {digits}{rest}.sql: the version's digits and the name after them (an
// underscore between the two is left out).
struct SectionFileName {
  std::string version_digits;
  std::string name;
};

std::optional<SectionFileName> parse_section_file_name(const std::string &file_name) {
  std::size_t digits = 0;
  while (digits < file_name.size() && std::isdigit(static_cast<unsigned char>(file_name[digits])) != 0) ++digits;
  const std::string_view suffix = ".sql";
  if (digits == 0 || file_name.size() < digits + suffix.size() ||
      file_name.compare(file_name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  SectionFileName parsed{file_name.substr(0, digits),
                         file_name.substr(digits, file_name.size() - digits - suffix.size())};
  if (!parsed.name.empty() && parsed.name.front() == '_') parsed.name.erase(0, 1);
  return parsed;
}

Error malformed(const fs::path &file, int line, const std::string &what, const std::string &hint) {
  return Error(what, line > 0 ? file_position(file.string(), line) : file.string(), hint);
}

// `-- migrate:up` / `-- migrate:down`, then nothing or options: the options'
// text, or nullopt when the line is not that marker.
std::optional<std::string_view> dbmate_marker(std::string_view line, std::string_view direction) {
  if (line.substr(0, 2) != "--") return std::nullopt;
  std::string_view rest = line.substr(2);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())) != 0) rest.remove_prefix(1);
  const std::string marker = fmt::format("migrate:{}", direction);
  if (rest.substr(0, marker.size()) != marker) return std::nullopt;
  rest.remove_prefix(marker.size());
  if (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())) == 0) return std::nullopt;
  return trim(rest);
}

// dbmate's options are key:value words; transaction:false turns the wrapping off.
bool dbmate_transaction(std::string_view options) {
  std::size_t at = 0;
  while (at < options.size()) {
    std::size_t end = at;
    while (end < options.size() && std::isspace(static_cast<unsigned char>(options[end])) == 0) ++end;
    if (options.substr(at, end - at) == "transaction:false") return false;
    at = end;
    while (at < options.size() && std::isspace(static_cast<unsigned char>(options[at])) != 0) ++at;
  }
  return true;
}

WrittenMigration read_dbmate_file(const fs::path &file, const SectionFileName &file_name) {
  const std::string text = read_text(file);
  std::optional<Line> up;
  std::optional<Line> down;
  std::string_view up_options;
  for (const Line &line : lines_of(text)) {
    if (!up) {
      if (const auto options = dbmate_marker(line.text, "up")) {
        up = line;
        up_options = *options;
        continue;
      }
    }
    if (!down && dbmate_marker(line.text, "down")) down = line;
    if (!up && !down && !is_blank_or_comment(line.text)) {
      throw malformed(file, line.number, "a statement comes before `-- migrate:up`",
                      "dbmate runs only what follows `-- migrate:up`; move it below that line");
    }
  }
  if (!up) {
    throw malformed(file, 0, "the migration has no `-- migrate:up` line",
                    "dbmate runs the lines after `-- migrate:up`, and undoes with those after `-- migrate:down`");
  }
  if (down && down->offset < up->offset) {
    throw malformed(file, down->number, "`-- migrate:down` comes before `-- migrate:up`",
                    "dbmate wants the up section first");
  }
  WrittenMigration migration;
  migration.version = parse_version(file_name.version_digits, file);
  migration.name = file_name.name;
  migration.file = file;
  migration.transactional = dbmate_transaction(up_options);
  const std::size_t up_end = down ? down->offset : text.size();
  migration.up = text.substr(up->offset, up_end - up->offset);
  if (down) migration.down = text.substr(down->offset);
  return migration;
}

WrittenMigration read_goose_file(const fs::path &file, const SectionFileName &file_name) {
  const std::string text = read_text(file);
  std::optional<Line> up;
  std::optional<Line> down;
  std::optional<Line> open_block; // a StatementBegin not yet ended
  bool transactional = true;
  for (const Line &line : lines_of(text)) {
    const std::string annotation = line.text.substr(0, 2) == "--" ? lower(trim(line.text.substr(2))) : std::string();
    if (annotation == "+goose up") {
      if (up) throw malformed(file, line.number, "a second `-- +goose Up`", "a goose file has one up section");
      up = line;
    } else if (annotation == "+goose down") {
      if (!up) {
        throw malformed(file, line.number, "`-- +goose Down` comes before `-- +goose Up`",
                        "goose wants the up section first");
      }
      if (down) throw malformed(file, line.number, "a second `-- +goose Down`", "a goose file has one down section");
      if (open_block) {
        throw malformed(file, open_block->number, "`-- +goose StatementBegin` has no `-- +goose StatementEnd`",
                        "end the statement before `-- +goose Down`");
      }
      down = line;
    } else if (annotation == "+goose statementbegin") {
      if (!up || open_block) {
        throw malformed(file, line.number, "`-- +goose StatementBegin` outside a section or inside another",
                        "StatementBegin opens one statement inside the up or down section");
      }
      open_block = line;
    } else if (annotation == "+goose statementend") {
      if (!open_block) {
        throw malformed(file, line.number, "`-- +goose StatementEnd` without `-- +goose StatementBegin`",
                        "StatementEnd closes the statement StatementBegin opened");
      }
      open_block.reset();
    } else if (annotation == "+goose no transaction") {
      transactional = false;
    } else if (!up && !is_blank_or_comment(line.text)) {
      throw malformed(file, line.number, "a statement comes before `-- +goose Up`",
                      "goose runs only what follows `-- +goose Up`; move it below that line");
    }
  }
  if (!up) {
    throw malformed(file, 0, "the migration has no `-- +goose Up` line",
                    "goose runs the statements after `-- +goose Up`, and undoes with those after `-- +goose Down`");
  }
  if (open_block) {
    throw malformed(file, open_block->number, "`-- +goose StatementBegin` has no `-- +goose StatementEnd`",
                    "add `-- +goose StatementEnd` after the statement");
  }
  WrittenMigration migration;
  migration.version = parse_version(file_name.version_digits, file);
  if (migration.version == 0) {
    throw malformed(file, 0, "goose versions start at 1", "renumber the migration");
  }
  migration.name = file_name.name;
  migration.file = file;
  migration.transactional = transactional;
  const std::size_t up_end = down ? down->offset : text.size();
  migration.up = text.substr(up->offset, up_end - up->offset);
  if (down) migration.down = text.substr(down->offset);
  return migration;
}

} // namespace

std::vector<WrittenMigration> read_dbmate(const fs::path &directory) {
  std::vector<WrittenMigration> migrations;
  for (const fs::path &file : files_in(directory)) {
    // dbmate's own pattern: ^(\d+).*\.sql$
    if (const auto file_name = parse_section_file_name(file.filename().string())) {
      migrations.push_back(read_dbmate_file(file, *file_name));
    }
  }
  return migrations;
}

std::vector<WrittenMigration> read_goose(const fs::path &directory) {
  std::vector<WrittenMigration> migrations;
  for (const fs::path &file : files_in(directory)) {
    // goose: {version}_{name}.sql (its .go migrations are programs, not SQL).
    const auto file_name = parse_section_file_name(file.filename().string());
    if (file_name && file.filename().string()[file_name->version_digits.size()] == '_') {
      migrations.push_back(read_goose_file(file, *file_name));
    }
  }
  return migrations;
}

} // namespace schemadiff::emit::reading
