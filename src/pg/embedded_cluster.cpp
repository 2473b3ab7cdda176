#include "schemadiff/pg/embedded_cluster.hpp"

#include "child_process.hpp"
#include "server_account.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/conninfo.hpp"
#include "schemadiff/pg/database_admin.hpp"
#include "schemadiff/pg/server_binaries.hpp"
#include "schemadiff/pg/signal_cleanup.hpp"

#include <libpq-fe.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::pg {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Without TCP the port only names the socket file; the directory is private,
// so the default port never collides with another server.
constexpr int socket_port = 5432;
constexpr auto start_patience = 60s;

fs::path default_temp_root() {
  const char *tmpdir = std::getenv("TMPDIR");
  return (tmpdir != nullptr && *tmpdir != '\0') ? fs::path(tmpdir) : fs::path("/tmp");
}

// A unix socket path must fit in sockaddr_un::sun_path, terminator included.
void check_socket_path_fits(const fs::path &directory_template) {
  const std::string socket_path = (directory_template / fmt::format(".s.PGSQL.{}", socket_port)).string();
  constexpr std::size_t limit = sizeof(sockaddr_un{}.sun_path) - 1;
  if (socket_path.size() > limit) {
    throw Error(fmt::format("the embedded server's socket path would be {} bytes long, over the {} a unix socket allows",
                            socket_path.size(), limit),
                socket_path, "set TMPDIR to a shorter directory");
  }
}

fs::path make_private_directory(const fs::path &root) {
  std::string path_template = (root / "schemadiff-XXXXXX").string();
  if (mkdtemp(path_template.data()) == nullptr) {
    throw Error(fmt::format("cannot create a temporary directory in {}: {}", root.string(), std::strerror(errno)), "",
                "set TMPDIR to a writable directory");
  }
  return path_template;
}

void hand_over(const fs::path &directory, const std::optional<Account> &account) {
  if (!account) return;
  if (chown(directory.c_str(), account->uid, account->gid) != 0) {
    throw Error(fmt::format("cannot give {} to user {}: {}", directory.string(), account->name, std::strerror(errno)));
  }
}

} // namespace

EmbeddedCluster::EmbeddedCluster(const EmbeddedClusterOptions &options) {
  try {
    start(options);
  } catch (...) {
    stop();
    throw;
  }
}

EmbeddedCluster::~EmbeddedCluster() { stop(); }

void EmbeddedCluster::start(const EmbeddedClusterOptions &options) {
  ServerSearch search;
  search.configured = options.pg_bin;
  bindir_ = find_server_binaries(search);
  const fs::path root = options.temp_root.value_or(default_temp_root());
  check_socket_path_fits(root / "schemadiff-XXXXXX");
  // Watched before it exists: Ctrl-C at any moment leaves no directory.
  cleanup_ = std::make_unique<SignalCleanup>();
  directory_ = cleanup_->make_directory([&root] { return make_private_directory(root); });
  hand_over(directory_, server_account());

  const fs::path data = directory_ / "data";
  if (options.standby_of) {
    // -R writes standby.signal and the primary's connection string, so the
    // copy starts streaming from where the backup ended.
    standby_ = true;
    run_to_completion({(bindir_ / "pg_basebackup").string(), "-D", data.string(), "-d", *options.standby_of, "-R", "-X",
                       "stream", "--no-sync"},
                      "pg_basebackup");
  } else {
    run_to_completion({(bindir_ / "initdb").string(), "-D", data.string(), "-U", "postgres", "-A", "trust", "-E",
                       "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                      "initdb");
  }
  launch_server();
}

void EmbeddedCluster::run_to_completion(const std::vector<std::string> &argv, const std::string &log_name) {
  const fs::path log = directory_ / (log_name + ".log");
  const pid_t pid = spawn_child(argv, server_account(), log);
  cleanup_->watch_process(pid);
  const int status = wait_for_child(pid);
  cleanup_->watch_process(0);
  if (status != 0) {
    throw Error(fmt::format("{} failed with exit status {}", log_name, status), argv.front(),
                "its output:\n" + log_tail(log));
  }
}

void EmbeddedCluster::launch_server() {
  // Durability is worthless for a throwaway cluster and costs seconds.
  std::vector<std::string> argv{(bindir_ / "postgres").string(),
                                "-D",
                                (directory_ / "data").string(),
                                "-k",
                                directory_.string(),
                                "-p",
                                std::to_string(socket_port),
                                "-c",
                                "listen_addresses=",
                                "-c",
                                "fsync=off",
                                "-c",
                                "full_page_writes=off",
                                "-c",
                                "synchronous_commit=off"};
  // A standby reports how far it has replayed every second rather than
  // every 10 s: the primary's replay_lag follows it closely.
  if (standby_) argv.insert(argv.end(), {"-c", "wal_receiver_status_interval=1s"});
  server_pid_ = spawn_child(argv, server_account(), directory_ / "server.log");
  cleanup_->watch_process(server_pid_);
  wait_until_ready();
}

void EmbeddedCluster::restart() {
  if (server_pid_ <= 0) throw Error("the embedded PostgreSQL server is not running", directory_.string());
  const pid_t pid = server_pid_;
  server_pid_ = 0;
  cleanup_->watch_process(0);
  // Fast shutdown: with synchronous_commit off, an immediate one would also
  // lose the last commits, which a restart of a real server keeps.
  end_child(pid, SIGINT, 30s);
  launch_server();
}

void EmbeddedCluster::wait_until_ready() {
  const std::string target = conninfo();
  const auto deadline = std::chrono::steady_clock::now() + start_patience;
  while (PQping(target.c_str()) != PQPING_OK) {
    if (const auto status = child_exit_status(server_pid_)) {
      server_pid_ = 0;
      throw Error(fmt::format("the embedded PostgreSQL server stopped during start-up (exit status {})", *status),
                  directory_.string(), "its log:\n" + log_tail(directory_ / "server.log"));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw Error("the embedded PostgreSQL server did not accept connections within 60 s", directory_.string(),
                  "its log:\n" + log_tail(directory_ / "server.log"));
    }
    std::this_thread::sleep_for(10ms);
  }
  pqxx::connection connection(target);
  server_version_num_ = connection.server_version();
}

void EmbeddedCluster::stop() {
  if (server_pid_ > 0) {
    const pid_t pid = server_pid_;
    server_pid_ = 0;
    if (cleanup_) cleanup_->watch_process(0);
    // Immediate shutdown: there is nothing in a throwaway cluster to keep.
    end_child(pid, SIGQUIT, 10s);
  }
  if (!directory_.empty()) {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
    directory_.clear();
  }
  cleanup_.reset();
}

std::string EmbeddedCluster::conninfo(std::string_view database) const { return conninfo_for(directory_, database); }

std::string EmbeddedCluster::conninfo_for(const fs::path &directory, std::string_view database) {
  return fmt::format("host={} port={} user=postgres dbname={}", conninfo_value(directory.string()), socket_port,
                     conninfo_value(database));
}

std::string EmbeddedCluster::create_database(std::string_view name) {
  pg::create_database(conninfo(), name);
  return conninfo(name);
}

void EmbeddedCluster::drop_database(std::string_view name) { pg::drop_database(conninfo(), name); }

} // namespace schemadiff::pg
