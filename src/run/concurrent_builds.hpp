#pragma once
// A concurrent index build that fails leaves an INVALID index behind, and
// `CREATE INDEX CONCURRENTLY IF NOT EXISTS` then takes that leftover for the
// index and does nothing: before such a statement runs, apply drops the
// leftover. (Files whose runner sends them as one query can only say so in
// their header; apply does it.)

#include "schemadiff/model/names.hpp"

#include <optional>
#include <string>

namespace schemadiff::run {

// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY` statement builds, in its
// table's schema; nothing for any other statement.
std::optional<model::QualifiedName> index_built_concurrently(const std::string &statement);

} // namespace schemadiff::run
