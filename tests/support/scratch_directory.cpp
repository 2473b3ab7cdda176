#include "scratch_directory.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

namespace schemadiff::testing {

namespace fs = std::filesystem;

ScratchDirectory::ScratchDirectory() {
  std::string path_template = (fs::temp_directory_path() / "sdtest-XXXXXX").string();
  if (mkdtemp(path_template.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = path_template;
  // Traversable by the unprivileged server account when the tests run as root.
  chmod(path_.c_str(), 0755);
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path ScratchDirectory::write(const std::string &relative, const std::string &text) const {
  const fs::path file = path_ / relative;
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
  return file;
}

} // namespace schemadiff::testing
