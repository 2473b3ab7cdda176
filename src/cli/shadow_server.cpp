#include "shadow_server.hpp"

namespace schemadiff::cli {

pg::EmbeddedClusterOptions embedded_options(const CommandLine &line, const Config &config) {
  pg::EmbeddedClusterOptions options;
  if (line.pg_bin) {
    options.pg_bin = *line.pg_bin;
  } else if (config.pg_bin) {
    options.pg_bin = config.pg_bin;
  }
  return options;
}

ShadowServer::ShadowServer(const CommandLine &line, const Config &config, std::string running_server)
    : dev_url_(line.dev_url ? line.dev_url : config.dev_url), embedded_options_(embedded_options(line, config)),
      conninfo_(dev_url_ ? std::string() : std::move(running_server)) {}

const std::string &ShadowServer::conninfo() {
  if (!conninfo_.empty()) return conninfo_;
  if (dev_url_) {
    conninfo_ = *dev_url_;
  } else {
    cluster_ = std::make_unique<pg::EmbeddedCluster>(embedded_options_);
    conninfo_ = cluster_->conninfo();
  }
  return conninfo_;
}

} // namespace schemadiff::cli
