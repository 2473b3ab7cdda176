#pragma once
// Integration tests share one embedded cluster per test run and get a fresh
// database each. Under ctest the cluster is started once by cluster_keeper
// (a ctest fixture) and named by $SCHEMADIFF_TEST_CLUSTER; a test binary run
// by hand starts its own cluster on first use and stops it at exit.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace schemadiff::testing {

// Connection string of the shared cluster's maintenance database.
std::string shared_cluster_conninfo(std::string_view database = "postgres");

// A database of its own for one test, dropped when the test ends.
class TestDatabase {
public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase &) = delete;
  TestDatabase &operator=(const TestDatabase &) = delete;

  const std::string &name() const { return name_; }
  const std::string &conninfo() const { return conninfo_; }

  // Runs SQL (several statements allowed) in one implicit transaction.
  void execute(const std::string &sql) const;
  // The first column of the first row.
  std::string query_value(const std::string &sql) const;
  // Every row of a query, each value as text (NULL as empty).
  std::vector<std::vector<std::string>> query_rows(const std::string &sql) const;

private:
  std::string name_;
  std::string conninfo_;
};

} // namespace schemadiff::testing
