#include "schemadiff/pg/throwaway_database.hpp"

#include "schemadiff/pg/conninfo.hpp"
#include "schemadiff/pg/database_admin.hpp"
#include "schemadiff/pg/signal_cleanup.hpp"

#include <unistd.h>

#include <random>

#include <fmt/format.h>

namespace schemadiff::pg {

ThrowawayDatabase::ThrowawayDatabase(std::string server, std::string_view purpose)
    : server_(std::move(server)), cleanup_(std::make_unique<SignalCleanup>()) {
  std::random_device entropy;
  name_ = fmt::format("schemadiff_{}_{}_{:08x}", purpose, getpid(), entropy());
  // Registered as it is made: a signal just after CREATE DATABASE drops it.
  cleanup_->make_database(server_, name_, [this] { create_database(server_, name_); });
}

ThrowawayDatabase::~ThrowawayDatabase() {
  try {
    drop_database(server_, name_);
  } catch (...) {
    // Never mask the error that is already on its way.
  }
}

std::string ThrowawayDatabase::conninfo() const { return with_database(server_, name_); }

} // namespace schemadiff::pg
