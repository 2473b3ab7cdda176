#pragma once
// The one error type of schemadiff: what went wrong, where (a file position
// or an object name) and a hint. Stages throw it; the CLI prints it once and
// exits with status 2.

#include <stdexcept>
#include <string>

namespace schemadiff {

class Error : public std::runtime_error {
public:
  explicit Error(std::string what, std::string where = {}, std::string hint = {});

  // "file:line:column", an object such as "table public.users", or empty.
  const std::string &where() const { return where_; }
  const std::string &hint() const { return hint_; }

  // The whole message as the CLI prints it, passwords redacted.
  std::string describe() const;

private:
  std::string where_;
  std::string hint_;
};

// "file:line:column" (column left out when zero).
std::string file_position(const std::string &file, int line, int column = 0);

} // namespace schemadiff
