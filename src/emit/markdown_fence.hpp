#pragma once
// A fenced code block in Markdown that holds any text: a name or a function
// body with ``` in it would otherwise end the block, and the rest of the
// SQL would render as Markdown in a pull-request comment.

#include <algorithm>
#include <string>
#include <string_view>

namespace schemadiff::emit {

// The longest run of backticks in `text`.
inline std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// ```{info}\n{body}```\n, with a fence longer than any run of backticks in
// `body` (which ends with a newline).
inline std::string fenced_block(std::string_view info, std::string_view body) {
  const std::string fence(std::max<std::size_t>(3, longest_backtick_run(body) + 1), '`');
  return fence + std::string(info) + "\n" + std::string(body) + fence + "\n";
}

} // namespace schemadiff::emit
