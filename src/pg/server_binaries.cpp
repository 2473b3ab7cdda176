#include "schemadiff/pg/server_binaries.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace schemadiff::pg {

namespace {

namespace fs = std::filesystem;

constexpr const char *install_hint = "install the server: apt-get install postgresql (or pass --pg-bin DIR)";

bool has_server(const fs::path &dir) {
  std::error_code ignored;
  return fs::exists(dir / "initdb", ignored) && fs::exists(dir / "postgres", ignored);
}

std::optional<fs::path> bindir_from_pg_config(const std::string &pg_config) {
  const std::string command = pg_config + " --bindir 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (output.empty()) return std::nullopt;
  return fs::path(output);
}

// Numeric order of the major version folders: 9.6 < 13 < 17.
double version_of(const fs::path &folder) {
  try {
    return std::stod(folder.filename().string());
  } catch (const std::exception &) {
    return -1;
  }
}

std::optional<fs::path> newest_installed(const fs::path &root) {
  std::error_code error;
  std::vector<fs::path> candidates;
  for (const auto &entry : fs::directory_iterator(root, error)) {
    if (version_of(entry.path()) >= 0 && has_server(entry.path() / "bin")) candidates.push_back(entry.path());
  }
  if (candidates.empty()) return std::nullopt;
  const auto newest = std::max_element(candidates.begin(), candidates.end(),
                                       [](const fs::path &a, const fs::path &b) { return version_of(a) < version_of(b); });
  return *newest / "bin";
}

} // namespace

fs::path find_server_binaries(const ServerSearch &search) {
  if (search.configured) {
    if (has_server(*search.configured)) return *search.configured;
    throw Error(fmt::format("no PostgreSQL server programs (initdb, postgres) in {}", search.configured->string()),
                "--pg-bin", install_hint);
  }
  if (auto bindir = bindir_from_pg_config(search.pg_config); bindir && has_server(*bindir)) return *bindir;
  if (auto newest = newest_installed(search.versions_root)) return *newest;
  throw Error("no PostgreSQL server programs (initdb, postgres) found: not via pg_config, not under " +
                  search.versions_root.string(),
              "", install_hint);
}

} // namespace schemadiff::pg
