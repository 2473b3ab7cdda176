#include "schemadiff/plan/ddl/routines.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace schemadiff::plan::ddl {

namespace {

// pg_catalog.< must be written OPERATOR(pg_catalog.<); a bare < stands as is.
std::string sort_operator(const std::string &name) {
  return name.find('.') == std::string::npos ? name : "OPERATOR(" + name + ")";
}

std::string parallel_option(const std::string &parallel) {
  if (parallel == "s") return "PARALLEL = SAFE";
  if (parallel == "r") return "PARALLEL = RESTRICTED";
  return ""; // UNSAFE is the default
}

// The arguments of a signature, split at the commas between them (not in
// a quoted name).
std::vector<std::string> split_arguments(const std::string &arguments) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (const char c : arguments) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      parts.emplace_back();
    } else if (!(c == ' ' && parts.back().empty())) {
      parts.back() += c;
    }
  }
  return parts;
}

std::vector<std::string> split_words(const std::string &argument) {
  std::vector<std::string> words(1);
  bool quoted = false;
  for (const char c : argument) {
    if (c == '"') quoted = !quoted;
    if (c == ' ' && !quoted) {
      if (!words.back().empty()) words.emplace_back();
    } else {
      words.back() += c;
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// format_type's types of more than one word ("double precision", "bit
// varying", "timestamp with time zone") go on with one of these; a
// parameter name is followed by a type, which never starts with one.
bool continues_a_type(std::string word) {
  if (const auto bracket = word.find('['); bracket != std::string::npos) word.resize(bracket);
  return word == "precision" || word == "varying" || word == "with" || word == "without";
}

} // namespace

std::string argument_types(const std::string &identity_arguments) {
  std::string types;
  for (const std::string &argument : split_arguments(identity_arguments)) {
    std::vector<std::string> words = split_words(argument);
    std::string mode;
    if (!words.empty() && (words[0] == "IN" || words[0] == "OUT" || words[0] == "INOUT" || words[0] == "VARIADIC")) {
      mode = words[0] + " ";
      words.erase(words.begin());
    }
    if (words.size() >= 2 && !continues_a_type(words[1])) words.erase(words.begin());
    std::string type;
    for (const std::string &word : words) type += (type.empty() ? "" : " ") + word;
    types += (types.empty() ? "" : ", ") + mode + type;
  }
  return types;
}

std::string routine_target(const model::Routine &routine) {
  return (routine.kind == model::RoutineKind::Procedure ? "PROCEDURE " : "FUNCTION ") + routine_signature(routine.key);
}

std::string create_aggregate(const model::Aggregate &aggregate) {
  std::vector<std::string> options = {"SFUNC = " + aggregate.state_function, "STYPE = " + aggregate.state_type};
  if (aggregate.final_function) options.push_back("FINALFUNC = " + *aggregate.final_function);
  if (aggregate.final_function_extra) options.push_back("FINALFUNC_EXTRA");
  if (aggregate.combine_function) options.push_back("COMBINEFUNC = " + *aggregate.combine_function);
  if (aggregate.serial_function) options.push_back("SERIALFUNC = " + *aggregate.serial_function);
  if (aggregate.deserial_function) options.push_back("DESERIALFUNC = " + *aggregate.deserial_function);
  if (aggregate.initial_condition) options.push_back("INITCOND = " + pg::quote_literal(*aggregate.initial_condition));
  if (aggregate.sort_operator) options.push_back("SORTOP = " + sort_operator(*aggregate.sort_operator));
  if (const std::string parallel = parallel_option(aggregate.parallel); !parallel.empty()) {
    options.push_back(parallel);
  }
  if (aggregate.kind == 'h') options.push_back("HYPOTHETICAL");
  // No arguments is count(*)'s form; ordered-set arguments already hold their ORDER BY.
  const std::string arguments = aggregate.arguments.empty() ? "*" : aggregate.arguments;
  return fmt::format("CREATE AGGREGATE {}({}) (\n    {}\n)",
                     pg::quote_qualified(aggregate.key.schema, aggregate.key.name), arguments,
                     fmt::join(options, ",\n    "));
}

std::string aggregate_target(const model::RoutineKey &key) { return "AGGREGATE " + aggregate_signature(key); }

// GRANT names an aggregate by its argument types alone: an ordered-set
// aggregate's "A ORDER BY B" is "A, B", except that a hypothetical-set
// aggregate's "VARIADIC "any" ORDER BY VARIADIC "any"" is one argument.
std::string aggregate_grant_target(const model::RoutineKey &key) {
  std::string arguments = key.identity_arguments;
  const std::string order_by = "ORDER BY ";
  const auto at = arguments.find(order_by);
  if (at != std::string::npos) {
    const std::string direct = at == 0 ? "" : arguments.substr(0, at - 1); // without the space
    const std::string aggregated = arguments.substr(at + order_by.size());
    const bool merged_variadic = aggregated.starts_with("VARIADIC ") && direct.ends_with(aggregated);
    arguments = merged_variadic || aggregated.empty() ? direct
                : direct.empty()                      ? aggregated
                                                      : direct + ", " + aggregated;
  }
  return "FUNCTION " + pg::quote_qualified(key.schema, key.name) + "(" + arguments + ")";
}

const model::Privileges &routine_default_privileges() {
  static const model::Privileges execute_for_public = {{"PUBLIC", "EXECUTE", false}};
  return execute_for_public;
}

} // namespace schemadiff::plan::ddl
