#pragma once
// What Flyway writes of a migration in its flyway_schema_history table,
// computed as Flyway computes it, so that a migration apply ran passes
// Flyway's own validation and is never run again by it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::emit {

// Flyway's checksum of a script: the CRC-32 of its lines' UTF-8 bytes
// without their line endings (Java's BufferedReader.readLine) and without a
// leading byte-order mark, as a signed 32-bit integer. Line endings never
// count: a file checked out with CRLF keeps its checksum.
std::int32_t flyway_checksum(std::string_view script);

// The version of a script's name as Flyway records it: V1_2__x.sql → "1.2".
// Empty for a name without one (a repeatable R__ script).
std::string flyway_version(const std::filesystem::path &script);

// Flyway's description of a script: the name after `__`, without `.sql`,
// underscores as spaces.
std::string flyway_description(const std::filesystem::path &script);

// A version's parts as numbers, trailing zeros dropped: Flyway takes 1, 1.0
// and 01 for the same version. nullopt when a part is not a number.
std::optional<std::vector<std::uint64_t>> flyway_version_parts(std::string_view version);

} // namespace schemadiff::emit
