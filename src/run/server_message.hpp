#pragma once
// A message from the server (an error, a notice) without the line break
// and blanks libpq leaves at its end, for one line of a report.

#include <string>

namespace schemadiff::run {

inline std::string server_message(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

} // namespace schemadiff::run
