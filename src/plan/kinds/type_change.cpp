#include "type_change.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

bool is_text_like(const std::string &base) {
  return base == "text" || base == "character varying" || base == "character" || base == "bpchar";
}

// A target that takes any text as it is.
bool takes_any_text(const TypeWithModifiers &type) {
  return type.modifiers.empty() && (is_text_like(type.base) || type.base == "citext" || type.base.ends_with(".citext"));
}

struct IntegerType {
  const char *name;
  int digits; // of its largest value: what numeric(p, s) needs p - s for
  const char *min;
  const char *max;
};

constexpr std::array integer_types = {
    IntegerType{"smallint", 5, "-32768", "32767"},
    IntegerType{"integer", 10, "-2147483648", "2147483647"},
    IntegerType{"bigint", 19, "-9223372036854775808", "9223372036854775807"},
};

// Position in integer_types, or -1.
int integer_rank(const std::string &base) {
  for (std::size_t i = 0; i < integer_types.size(); ++i) {
    if (base == integer_types[i].name) return static_cast<int>(i);
  }
  return -1;
}

std::string rounding(int scale) {
  return scale >= 0 ? fmt::format("{} decimal places", scale) : fmt::format("multiples of 1e{}", -scale);
}

// varchar(n), char(n): a value longer than the limit is cut by the explicit
// cast of the USING clause (an assignment would fail instead).
std::optional<Narrowing> shorter(const TypeWithModifiers &from, const TypeWithModifiers &to,
                                 const std::string &column) {
  const int limit = to.modifiers[0];
  if (from.base != "text" && from.base != "bpchar" && !from.modifiers.empty() && from.modifiers[0] <= limit) {
    return std::nullopt;
  }
  return Narrowing{fmt::format("length({}) > {}", column, limit),
                   fmt::format("the up truncates them to {} characters", limit), ""};
}

// smallint, integer, bigint: out-of-range values fail the cast; numeric
// and floating-point values are rounded to whole numbers first.
std::optional<Narrowing> smaller_integer(const TypeWithModifiers &from, int to_rank, const std::string &column) {
  const IntegerType &to = integer_types[static_cast<std::size_t>(to_rank)];
  const int from_rank = integer_rank(from.base);
  if (from_rank >= 0) {
    if (from_rank <= to_rank) return std::nullopt;
    return Narrowing{fmt::format("{} NOT BETWEEN {} AND {}", column, to.min, to.max),
                     fmt::format("the up fails on them: out of range for {}", to.name), ""};
  }
  if (from.base != "numeric" && from.base != "real" && from.base != "double precision") return std::nullopt;
  // NaN and infinities are outside every range; NULL counts as fitting.
  return Narrowing{
      fmt::format("NOT ({0} = round({0}) AND {0} BETWEEN {1} AND {2})", column, to.min, to.max),
      fmt::format("the up rounds fractions to whole numbers and fails on values out of range for {}", to.name), ""};
}

// numeric(p, s) holds values below 10^(p - s), rounded to s decimal places:
// a larger value fails the cast, a finer one is rounded.
std::optional<Narrowing> fewer_digits(const TypeWithModifiers &from, const TypeWithModifiers &to,
                                      const std::string &column) {
  const int precision = to.modifiers[0];
  const int scale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
  const int integer_digits = precision - scale;
  if (const int rank = integer_rank(from.base); rank >= 0) {
    if (integer_types[static_cast<std::size_t>(rank)].digits <= integer_digits) return std::nullopt;
    return Narrowing{fmt::format("abs({}::numeric) >= 1e{}", column, integer_digits),
                     fmt::format("the up fails on them: numeric({}) holds at most {} integer digits",
                                 fmt::join(to.modifiers, ","), std::max(0, integer_digits)),
                     ""};
  }
  if (from.base != "numeric") return std::nullopt;
  bool loses_scale = true;
  bool overflows = true;
  if (!from.modifiers.empty()) {
    const int from_scale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
    loses_scale = scale < from_scale;
    overflows = integer_digits < from.modifiers[0] - from_scale;
  }
  if (!loses_scale && !overflows) return std::nullopt;
  // NaN fits every numeric(p, s); an infinity (PostgreSQL >= 14) none.
  std::vector<std::string> tests;
  std::vector<std::string> outcomes;
  if (loses_scale) {
    tests.push_back(fmt::format("round({0}, {1}) <> {0}", column, scale));
    outcomes.push_back("rounds them to " + rounding(scale));
  }
  if (overflows) {
    tests.push_back(fmt::format("abs(round({}, {})) >= 1e{}", column, scale, integer_digits));
    outcomes.push_back(fmt::format("fails on values of {} or more integer digits", integer_digits + 1));
  }
  const std::string any = tests.size() == 1 ? tests[0] : fmt::format("({} OR {})", tests[0], tests[1]);
  return Narrowing{
      fmt::format("{} <> 'NaN' AND {}", column, any),
      outcomes.size() == 1 ? "the up " + outcomes[0] : fmt::format("the up {} and {}", outcomes[0], outcomes[1]), ""};
}

// Text to another type goes through the type's input function, which may
// reject the value: pg_input_is_valid (PostgreSQL >= 16) asks it without
// failing; before, only integers are checked, by their syntax and range.
Narrowing failing_cast(const std::string &to, const TypeWithModifiers &target, const std::string &column,
                       int server_version_num) {
  const std::string outcome = fmt::format("the up fails on them: they do not cast to {}", to);
  if (server_version_num >= 160000) {
    return Narrowing{fmt::format("NOT pg_input_is_valid({}, {})", column, pg::quote_literal(to)), outcome, ""};
  }
  if (const int rank = integer_rank(target.base); rank >= 0) {
    const IntegerType &type = integer_types[static_cast<std::size_t>(rank)];
    // CASE keeps the cast from running on what is not a number.
    return Narrowing{
        fmt::format("CASE WHEN {0} ~ {1} THEN {0}::numeric NOT BETWEEN {2} AND {3} ELSE {0} IS NOT NULL END", column,
                    pg::quote_literal(R"(^\s*[+-]?[0-9]+\s*$)"), type.min, type.max),
        outcome, ""};
  }
  return Narrowing{
      std::nullopt, outcome,
      fmt::format("PostgreSQL {} cannot check a cast to {} without running it (pg_input_is_valid is new in "
                  "PostgreSQL 16)",
                  server_version_num / 10000, to)};
}

} // namespace

std::optional<Narrowing> type_change_narrows(const std::string &from, const std::string &to, const std::string &column,
                                             int server_version_num) {
  const TypeWithModifiers old_type = split(from);
  const TypeWithModifiers new_type = split(to);
  if (from == to) return std::nullopt;
  const bool limited_text =
      (new_type.base == "character varying" || new_type.base == "character") && !new_type.modifiers.empty();
  if (is_text_like(old_type.base)) {
    if (limited_text) return shorter(old_type, new_type, column);
    if (takes_any_text(new_type)) return std::nullopt;
    return failing_cast(to, new_type, column, server_version_num);
  }
  if (const int rank = integer_rank(new_type.base); rank >= 0) return smaller_integer(old_type, rank, column);
  if (new_type.base == "numeric" && !new_type.modifiers.empty()) return fewer_digits(old_type, new_type, column);
  return std::nullopt;
}

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
