#include "server_account.hpp"

#include "schemadiff/error.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

namespace schemadiff::pg {

namespace {

std::optional<Account> look_up(const char *name) {
  const passwd *entry = getpwnam(name);
  if (entry == nullptr) return std::nullopt;
  return Account{name, entry->pw_uid, entry->pw_gid};
}

} // namespace

std::optional<Account> server_account() {
  if (geteuid() != 0) return std::nullopt;
  if (auto existing = look_up(server_account_name)) return existing;

  const std::filesystem::path useradd = "/usr/sbin/useradd";
  if (!std::filesystem::exists(useradd)) {
    throw Error(fmt::format("running as root, and there is no user '{}' to run PostgreSQL as", server_account_name),
                "", "install the passwd package, or run schemadiff as an unprivileged user");
  }
  const std::string command = fmt::format("{} --system --no-create-home --shell /usr/sbin/nologin {} >/dev/null 2>&1",
                                          useradd.string(), server_account_name);
  // A concurrent schemadiff may have created it meanwhile: look again either way.
  const int status = std::system(command.c_str());
  if (auto created = look_up(server_account_name)) return created;
  throw Error(fmt::format("cannot create the system user '{}' to run PostgreSQL as (useradd exit status {})",
                          server_account_name, status),
              "", "create it with: useradd --system schemadiff");
}

} // namespace schemadiff::pg
