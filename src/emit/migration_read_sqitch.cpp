// sqitch: sqitch.plan lists the changes in the order they deploy; each has
// deploy/{change}.sql, revert/{change}.sql and verify/{change}.sql, run by
// psql -f as they are (a script's own BEGIN/COMMIT makes it a transaction).
//
// A plan line is `{change} [{dependencies}] {yyyy-mm-ddTHH:MM:SSZ} {planner}
// <{email}> # {note}`; `%key=value` lines are pragmas, `@tag` lines tag the
// changes above them. A change planned again later (sqitch rework) keeps its
// earlier scripts as deploy/{change}@{tag}.sql, {tag} the first tag after it.

#include "migration_read.hpp"

#include "schemadiff/error.hpp"

#include <cctype>
#include <optional>

#include <fmt/format.h>

namespace schemadiff::emit::reading {

namespace fs = std::filesystem;

namespace {

struct PlannedChange {
  std::string name;
  int line = 0;
  std::string tag_after; // the first tag planned after it, if any
};

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return std::string(text);
}

bool is_plan_time(std::string_view word) {
  // yyyy-mm-ddTHH:MM:SSZ
  constexpr std::string_view pattern = "dddd-dd-ddTdd:dd:ddZ";
  if (word.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const bool ok = pattern[i] == 'd' ? std::isdigit(static_cast<unsigned char>(word[i])) != 0 : word[i] == pattern[i];
    if (!ok) return false;
  }
  return true;
}

std::string first_word(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0) ++end;
  return std::string(text.substr(0, end));
}

Error malformed_line(const fs::path &plan, int line, const std::string &what) {
  return Error(what, file_position(plan.string(), line),
               "a change line is `{change} [{dependencies}] yyyy-mm-ddTHH:MM:SSZ {planner} <{email}> # {note}`");
}

// The change a plan line names; throws for a line that is not a change.
std::string parse_change_line(std::string_view line, const fs::path &plan, int number) {
  if (line.front() == '+') line.remove_prefix(1);
  if (line.front() == '-') throw malformed_line(plan, number, "a revert (`-change`) in the plan");
  const std::string name = first_word(line);
  std::string rest = trim(line.substr(name.size()));
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string::npos) throw malformed_line(plan, number, "the dependency list has no `]`");
    rest = trim(std::string_view(rest).substr(close + 1));
  }
  if (!is_plan_time(first_word(rest))) {
    throw malformed_line(plan, number, fmt::format("the change {} has no planned time (yyyy-mm-ddTHH:MM:SSZ)", name));
  }
  const std::size_t email_open = rest.find('<');
  if (email_open == std::string::npos || rest.find('>', email_open) == std::string::npos) {
    throw malformed_line(plan, number, fmt::format("the change {} has no planner <email>", name));
  }
  return name;
}

std::vector<PlannedChange> read_plan(const fs::path &plan) {
  const std::string text = read_text(plan);
  std::vector<PlannedChange> changes;
  std::size_t untagged = 0; // changes[untagged..] have no tag after them yet
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = trim(std::string_view(text).substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == '%') continue;
    if (line[0] == '@') {
      const std::string tag = first_word(std::string_view(line).substr(1));
      for (; untagged < changes.size(); ++untagged) changes[untagged].tag_after = tag;
      continue;
    }
    changes.push_back(PlannedChange{parse_change_line(line, plan, number), number, {}});
  }
  return changes;
}

bool planned_again(const std::vector<PlannedChange> &changes, std::size_t index) {
  for (std::size_t later = index + 1; later < changes.size(); ++later) {
    if (changes[later].name == changes[index].name) return true;
  }
  return false;
}

std::optional<std::string> read_if_present(const fs::path &file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  return read_text(file);
}

// The leading digits of the change's name, else its 1-based position.
std::uint64_t change_version(const std::string &name, std::size_t position, const fs::path &file) {
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits])) != 0) ++digits;
  if (digits == 0) return position;
  return parse_version(std::string_view(name).substr(0, digits), file);
}

} // namespace

std::vector<WrittenMigration> read_sqitch(const fs::path &directory) {
  const fs::path plan = directory / "sqitch.plan";
  std::error_code error;
  if (!fs::exists(plan, error)) return {};
  const std::vector<PlannedChange> changes = read_plan(plan);
  std::vector<WrittenMigration> migrations;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const PlannedChange &change = changes[i];
    std::string script_name = change.name;
    if (planned_again(changes, i)) {
      if (change.tag_after.empty()) {
        throw Error(fmt::format("the change {} is planned again with no tag in between", change.name),
                    file_position(plan.string(), change.line), "sqitch rework needs a tag after the earlier change");
      }
      script_name += "@" + change.tag_after;
    }
    const fs::path deploy = directory / "deploy" / (script_name + ".sql");
    const auto up = read_if_present(deploy);
    if (!up) {
      throw Error(fmt::format("the change {} has no deploy script", change.name), deploy.string(),
                  fmt::format("sqitch.plan:{} plans it; add the script or remove the line", change.line));
    }
    WrittenMigration migration;
    migration.version = change_version(change.name, i + 1, deploy);
    migration.name = change.name;
    migration.file = deploy;
    migration.up = *up;
    migration.down = read_if_present(directory / "revert" / (script_name + ".sql")).value_or("");
    migration.transactional = script_shape(migration.up).opens_transaction;
    migrations.push_back(std::move(migration));
  }
  return migrations;
}

} // namespace schemadiff::emit::reading
