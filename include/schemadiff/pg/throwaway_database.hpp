#pragma once
// A database schemadiff makes on a server for one command (the shadow of
// the schema files, the replay of the migrations), perhaps on a --dev-url
// server it shares with others: named after its purpose and the process, so
// that concurrent runs never meet, and dropped when the object goes — on an
// error too, and on SIGINT, SIGTERM or SIGHUP.

#include <memory>
#include <string>
#include <string_view>

namespace schemadiff::pg {

class SignalCleanup;

class ThrowawayDatabase {
public:
  // Creates schemadiff_{purpose}_{pid}_{random} on `server`, a connection
  // string to any database of it. Throws Error.
  ThrowawayDatabase(std::string server, std::string_view purpose);
  ~ThrowawayDatabase();
  ThrowawayDatabase(const ThrowawayDatabase &) = delete;
  ThrowawayDatabase &operator=(const ThrowawayDatabase &) = delete;

  const std::string &name() const { return name_; }
  std::string conninfo() const;

private:
  std::string server_;
  std::string name_;
  std::unique_ptr<SignalCleanup> cleanup_;
};

} // namespace schemadiff::pg
