#pragma once
// A temporary folder for one test.

#include <filesystem>
#include <string>

namespace schemadiff::testing {

// A private directory for one test, removed with the object.
class ScratchDirectory {
public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory &) = delete;
  ScratchDirectory &operator=(const ScratchDirectory &) = delete;
  const std::filesystem::path &path() const { return path_; }
  // Writes a file below the directory, creating folders; returns its path.
  std::filesystem::path write(const std::string &relative, const std::string &text) const;

private:
  std::filesystem::path path_;
};

} // namespace schemadiff::testing
