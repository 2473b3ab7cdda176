#pragma once
// A statement as a line of a script: trailing blanks trimmed, terminated by
// one semicolon and a newline.

#include <string>

namespace schemadiff::emit {

inline std::string terminated(const std::string &statement) {
  std::string text = statement;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.empty() || text.back() != ';') text += ';';
  return text + "\n";
}

} // namespace schemadiff::emit
