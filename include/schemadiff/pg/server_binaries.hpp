#pragma once
// Where the PostgreSQL server programs (initdb, postgres) are.

#include <filesystem>
#include <optional>
#include <string>

namespace schemadiff::pg {

struct ServerSearch {
  // --pg-bin or [embedded] pg_bin: used alone when given.
  std::optional<std::filesystem::path> configured;
  // Asked for its --bindir next.
  std::string pg_config = "pg_config";
  // Then the newest <versions_root>/<major>/bin (the Debian layout).
  std::filesystem::path versions_root = "/usr/lib/postgresql";
};

// The directory holding initdb and postgres. Throws an Error that names the
// package to install when there is none.
std::filesystem::path find_server_binaries(const ServerSearch &search = {});

} // namespace schemadiff::pg
