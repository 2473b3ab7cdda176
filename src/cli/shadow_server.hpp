#pragma once
// The server that holds shadow databases: --dev-url (or [database] dev_url)
// when given, else an embedded throwaway server started on first use.

#include "command_line.hpp"

#include "schemadiff/cli/config.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <memory>
#include <string>

namespace schemadiff::cli {

pg::EmbeddedClusterOptions embedded_options(const CommandLine &line, const Config &config);

class ShadowServer {
public:
  // `running_server`: an embedded server already started for this command,
  // used instead of starting another when no --dev-url is given.
  ShadowServer(const CommandLine &line, const Config &config, std::string running_server = {});

  // A connection string to the server's maintenance database.
  const std::string &conninfo();

private:
  std::optional<std::string> dev_url_;
  pg::EmbeddedClusterOptions embedded_options_;
  std::unique_ptr<pg::EmbeddedCluster> cluster_;
  std::string conninfo_;
};

} // namespace schemadiff::cli
