#include "type_change.hpp"

#include <optional>
#include <vector>

namespace schemadiff::plan::kinds {

namespace {

// "numeric(12,2)" -> {"numeric", {12, 2}}; "text" -> {"text", {}}.
struct TypeWithModifiers {
  std::string base;
  std::vector<int> modifiers;
};

TypeWithModifiers split(const std::string &type) {
  const auto open = type.find('(');
  if (open == std::string::npos || type.back() != ')' || type.ends_with("[]")) return {type, {}};
  TypeWithModifiers result{type.substr(0, open), {}};
  std::size_t at = open + 1;
  while (at < type.size() - 1) {
    const auto comma = type.find(',', at);
    const auto end = comma == std::string::npos ? type.size() - 1 : comma;
    try {
      result.modifiers.push_back(std::stoi(type.substr(at, end - at)));
    } catch (const std::exception &) {
      return {type, {}};
    }
    at = end + 1;
  }
  return result;
}

// A length limit that only grows (or goes away).
bool widens(const std::vector<int> &from, const std::vector<int> &to) {
  return to.empty() || (!from.empty() && to[0] >= from[0]);
}

} // namespace

bool type_change_rewrites(const std::string &from, const std::string &to) {
  const TypeWithModifiers old_type = split(from);
  const TypeWithModifiers new_type = split(to);
  const bool old_text_like = old_type.base == "character varying" || old_type.base == "text";
  if (old_text_like && new_type.base == "text") return false;
  if (old_type.base == "character varying" && new_type.base == "character varying") {
    return !widens(old_type.modifiers, new_type.modifiers);
  }
  if (old_type.base == "text" && new_type.base == "character varying") return !new_type.modifiers.empty();
  if (old_type.base == "bit varying" && new_type.base == "bit varying") {
    return !widens(old_type.modifiers, new_type.modifiers);
  }
  if (old_type.base == "numeric" && new_type.base == "numeric") {
    // Same scale and a precision that does not shrink, or no limit at all.
    if (new_type.modifiers.empty()) return false;
    if (old_type.modifiers.empty()) return true;
    const int old_scale = old_type.modifiers.size() > 1 ? old_type.modifiers[1] : 0;
    const int new_scale = new_type.modifiers.size() > 1 ? new_type.modifiers[1] : 0;
    return !(old_scale == new_scale && new_type.modifiers[0] >= old_type.modifiers[0]);
  }
  if (old_type.base == "cidr" && new_type.base == "inet") return false;
  return true;
}

} // namespace schemadiff::plan::kinds
