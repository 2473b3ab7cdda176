#include "schemadiff/diff/ignore_pattern.hpp"

#include "schemadiff/error.hpp"

#include <fmt/format.h>

namespace schemadiff::diff {

namespace {

using model::ObjectKind;

constexpr std::string_view pattern_hint =
    "write schema.object or schema.table.member, e.g. \"audit.*\", \"public.tmp_*\", \"public.users.legacy_*\"; "
    "see docs/ci.md";

// Splits on dots outside double quotes; quoted text becomes literal glob
// text (its * and ? escaped).
std::vector<std::string> split_parts(std::string_view text) {
  const auto refuse = [&](std::string_view problem) {
    return Error(fmt::format("[drift] ignore pattern {}", problem), fmt::format("pattern \"{}\"", text),
                 std::string(pattern_hint));
  };
  std::vector<std::string> parts(1);
  bool quoted = false;
  bool part_was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '*' || c == '?' || c == '\\') parts.back() += '\\';
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
      part_was_quoted = true;
    } else if (c == '.') {
      if (parts.back().empty() && !part_was_quoted) throw refuse("has an empty part");
      parts.emplace_back();
      part_was_quoted = false;
    } else {
      // Unquoted, a backslash is just a character.
      if (c == '\\') parts.back() += '\\';
      parts.back() += c;
    }
  }
  if (quoted) throw refuse("has an unterminated quote");
  if (parts.back().empty() && !part_was_quoted) throw refuse("has an empty part");
  if (parts.size() < 2) throw refuse("names no object");
  if (parts.size() > 3) throw refuse("has more than three parts");
  return parts;
}

bool is_table_member(ObjectKind kind) {
  return kind == ObjectKind::Column || kind == ObjectKind::Constraint || kind == ObjectKind::Trigger ||
         kind == ObjectKind::Policy;
}

} // namespace

IgnorePattern parse_ignore_pattern(std::string_view text) {
  return IgnorePattern{std::string(text), split_parts(text)};
}

bool glob_matches(std::string_view glob, std::string_view text) {
  // Greedy with one backtrack point: the last star seen, and where in the
  // text it began to match. Linear in practice, never exponential.
  std::size_t g = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_text = t;
      continue;
    }
    if (g < glob.size()) {
      const bool escaped = glob[g] == '\\' && g + 1 < glob.size();
      const char wanted = escaped ? glob[g + 1] : glob[g];
      if ((!escaped && wanted == '?') || wanted == text[t]) {
        g += escaped ? 2 : 1;
        ++t;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    g = star + 1;
    t = ++star_text;
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

bool ignores(const IgnorePattern &pattern, const model::ObjectRef &object) {
  if (pattern.parts.size() < 2 || !glob_matches(pattern.parts[0], object.schema)) return false;
  if (!glob_matches(pattern.parts[1], object.name)) return false;
  if (pattern.parts.size() == 2) return true;
  return is_table_member(object.kind) && glob_matches(pattern.parts[2], object.member);
}

} // namespace schemadiff::diff
