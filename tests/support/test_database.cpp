#include "test_database.hpp"

#include "schemadiff/pg/database_admin.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace schemadiff::testing {

namespace {

// The socket directory of the cluster the keeper started for this test run.
std::optional<std::filesystem::path> keeper_cluster_directory() {
  const char *state_file = std::getenv("SCHEMADIFF_TEST_CLUSTER");
  if (state_file == nullptr || *state_file == '\0') return std::nullopt;
  std::ifstream in(state_file);
  std::string pid;
  std::string directory;
  if (!std::getline(in, pid) || !std::getline(in, directory)) {
    throw std::runtime_error(fmt::format("SCHEMADIFF_TEST_CLUSTER names {}, which holds no running cluster", state_file));
  }
  return std::filesystem::path(directory);
}

std::unique_ptr<pg::EmbeddedCluster> &own_cluster() {
  static std::unique_ptr<pg::EmbeddedCluster> cluster;
  return cluster;
}

} // namespace

std::string shared_cluster_conninfo(std::string_view database) {
  static const std::optional<std::filesystem::path> keeper_directory = keeper_cluster_directory();
  if (keeper_directory) return pg::EmbeddedCluster::conninfo_for(*keeper_directory, database);
  auto &cluster = own_cluster();
  if (!cluster) cluster = std::make_unique<pg::EmbeddedCluster>();
  return cluster->conninfo(database);
}

TestDatabase::TestDatabase() {
  static std::atomic<int> counter = 0;
  name_ = fmt::format("test_{}_{}", getpid(), counter++);
  pg::create_database(shared_cluster_conninfo(), name_);
  conninfo_ = shared_cluster_conninfo(name_);
}

TestDatabase::~TestDatabase() {
  try {
    pg::drop_database(shared_cluster_conninfo(), name_);
  } catch (...) {
    // A database left behind vanishes with the throwaway cluster.
  }
}

void TestDatabase::execute(const std::string &sql) const {
  pqxx::connection connection(conninfo_);
  pqxx::nontransaction work(connection);
  work.exec(sql);
}

std::string TestDatabase::query_value(const std::string &sql) const {
  pqxx::connection connection(conninfo_);
  pqxx::nontransaction work(connection);
  return work.exec1(sql)[0].as<std::string>();
}

std::vector<std::vector<std::string>> TestDatabase::query_rows(const std::string &sql) const {
  pqxx::connection connection(conninfo_);
  pqxx::nontransaction work(connection);
  std::vector<std::vector<std::string>> rows;
  for (const pqxx::row &row : work.exec(sql)) {
    std::vector<std::string> values;
    for (const pqxx::field &field : row) values.push_back(field.is_null() ? "" : field.c_str());
    rows.push_back(std::move(values));
  }
  return rows;
}

} // namespace schemadiff::testing
