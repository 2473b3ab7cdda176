#pragma once

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace schemadiff::model {

// The options CREATE SEQUENCE and GENERATED ... AS IDENTITY share.
struct SequenceOptions {
  std::string data_type = "bigint"; // smallint, integer or bigint
  std::int64_t start = 1;
  std::int64_t increment = 1;
  std::int64_t min_value = 1;
  std::int64_t max_value = INT64_MAX;
  std::int64_t cache = 1;
  bool cycle = false;

  bool operator==(const SequenceOptions &) const = default;
};

struct ColumnReference {
  QualifiedName table;
  std::string column;

  auto operator<=>(const ColumnReference &) const = default;
  bool operator==(const ColumnReference &) const = default;
};

// A free-standing sequence (serial columns' too); identity sequences are
// part of their column instead.
struct Sequence {
  QualifiedName name;
  SequenceOptions options;
  std::optional<ColumnReference> owned_by;
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const Sequence &) const = default;
};

} // namespace schemadiff::model
