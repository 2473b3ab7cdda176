#include "schemadiff/plan/ddl/sequences.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

namespace {

struct TypeRange {
  std::int64_t min;
  std::int64_t max;
};

TypeRange range_of(const std::string &data_type) {
  if (data_type == "smallint")
    return {std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()};
  if (data_type == "integer")
    return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
  return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
}

} // namespace

std::vector<std::string> sequence_clauses(const model::SequenceOptions &options, bool every_option) {
  // PostgreSQL's defaults: an ascending sequence runs from 1 to the type's
  // maximum and starts at its minimum; a descending one from the type's
  // minimum to -1 and starts at its maximum.
  const TypeRange type = range_of(options.data_type);
  const bool ascending = options.increment > 0;
  const std::int64_t default_min = ascending ? 1 : type.min;
  const std::int64_t default_max = ascending ? type.max : -1;
  const std::int64_t default_start = ascending ? options.min_value : options.max_value;

  std::vector<std::string> clauses;
  if (every_option) clauses.push_back("AS " + options.data_type);
  if (every_option || options.increment != 1) clauses.push_back(fmt::format("INCREMENT BY {}", options.increment));
  if (every_option || options.min_value != default_min)
    clauses.push_back(fmt::format("MINVALUE {}", options.min_value));
  if (every_option || options.max_value != default_max)
    clauses.push_back(fmt::format("MAXVALUE {}", options.max_value));
  if (every_option || options.start != default_start) clauses.push_back(fmt::format("START WITH {}", options.start));
  if (every_option || options.cache != 1) clauses.push_back(fmt::format("CACHE {}", options.cache));
  if (every_option || options.cycle) clauses.push_back(options.cycle ? "CYCLE" : "NO CYCLE");
  return clauses;
}

std::string create_sequence(const model::Sequence &sequence) {
  std::string statement = "CREATE SEQUENCE " + qualified(sequence.name);
  for (const std::string &clause : sequence_clauses(sequence.options, true)) statement += "\n    " + clause;
  return statement;
}

} // namespace schemadiff::plan::ddl
