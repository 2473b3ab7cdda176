#include "schemadiff/text_file.hpp"

#include "schemadiff/error.hpp"

#include <fstream>
#include <sstream>

namespace schemadiff {

std::string read_text_file(const std::filesystem::path &file, std::string_view what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read the " + std::string(what), file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace schemadiff
