#pragma once
// A throwaway PostgreSQL cluster that schemadiff starts itself: the current
// state when no database is given, the shadow database for schema files, and
// the server of the integration tests.
//
// It lives in a fresh temporary directory, listens only on a unix socket
// inside that directory, runs without fsync, and is stopped and removed when
// the object is destroyed — also when an error unwinds past it, and on
// SIGINT, SIGTERM and SIGHUP.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::pg {

class SignalCleanup;

struct EmbeddedClusterOptions {
  // Directory of initdb and postgres; found by find_server_binaries when unset.
  std::optional<std::filesystem::path> pg_bin;
  // Where the temporary directory is made; $TMPDIR, else /tmp, when unset.
  std::optional<std::filesystem::path> temp_root;
  // A running server's connection string: the cluster starts as its hot
  // standby, copied with pg_basebackup and streaming from it, instead of
  // empty. What a test of replica lag needs.
  std::optional<std::string> standby_of;
};

class EmbeddedCluster {
public:
  // Starts the cluster and returns once it accepts connections. Throws Error.
  explicit EmbeddedCluster(const EmbeddedClusterOptions &options = {});
  ~EmbeddedCluster();
  EmbeddedCluster(const EmbeddedCluster &) = delete;
  EmbeddedCluster &operator=(const EmbeddedCluster &) = delete;

  // A libpq key=value connection string for one of its databases.
  std::string conninfo(std::string_view database = "postgres") const;

  // The same for a cluster started elsewhere in `directory` (its socket
  // directory), e.g. by another process of the same test run.
  static std::string conninfo_for(const std::filesystem::path &directory, std::string_view database);

  // Creates an empty database and returns its connection string.
  std::string create_database(std::string_view name);
  void drop_database(std::string_view name);

  // The server's version, e.g. 150018.
  int server_version_num() const { return server_version_num_; }

  const std::filesystem::path &directory() const { return directory_; }
  pid_t server_pid() const { return server_pid_; }

  // Stops the server and removes the directory; the destructor calls it.
  void stop();

  // Stops the server as `pg_ctl restart` does (fast: its sessions are cut
  // off, what they committed is kept) and starts it again on the same data:
  // what a test of a server restart needs. Throws Error.
  void restart();

private:
  void start(const EmbeddedClusterOptions &options);
  void run_to_completion(const std::vector<std::string> &argv, const std::string &log_name);
  void launch_server();
  void wait_until_ready();

  std::filesystem::path bindir_;
  std::filesystem::path directory_;
  std::unique_ptr<SignalCleanup> cleanup_;
  pid_t server_pid_ = 0;
  int server_version_num_ = 0;
  bool standby_ = false;
};

} // namespace schemadiff::pg
