#include "line_diff.hpp"

#include <algorithm>

namespace schemadiff::emit {

namespace {

constexpr std::size_t largest_table = 4'000'000;

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<DiffLine> full_diff(const std::vector<std::string> &from, const std::vector<std::string> &to) {
  std::vector<DiffLine> lines;
  if (from.size() * to.size() > largest_table) {
    for (const std::string &line : from) lines.push_back({LineMark::Removed, line});
    for (const std::string &line : to) lines.push_back({LineMark::Added, line});
    return lines;
  }
  // common[i][j]: the longest common subsequence of from[i..] and to[j..].
  std::vector<std::vector<std::size_t>> common(from.size() + 1, std::vector<std::size_t>(to.size() + 1, 0));
  for (std::size_t i = from.size(); i-- > 0;) {
    for (std::size_t j = to.size(); j-- > 0;) {
      common[i][j] = from[i] == to[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < from.size() || j < to.size()) {
    if (i < from.size() && j < to.size() && from[i] == to[j]) {
      lines.push_back({LineMark::Kept, from[i++]});
      ++j;
    } else if (i < from.size() && (j == to.size() || common[i + 1][j] >= common[i][j + 1])) {
      // Removed lines before added ones, as diff -u shows a changed line.
      lines.push_back({LineMark::Removed, from[i++]});
    } else {
      lines.push_back({LineMark::Added, to[j++]});
    }
  }
  return lines;
}

} // namespace

std::vector<DiffLine> line_diff(std::string_view from, std::string_view to, std::size_t context) {
  const std::vector<DiffLine> all = full_diff(lines_of(from), lines_of(to));
  // Keep a kept line when a change lies within `context` lines of it.
  std::vector<bool> near_change(all.size(), false);
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (all[k].mark == LineMark::Kept) continue;
    const std::size_t first = k >= context ? k - context : 0;
    const std::size_t last = std::min(all.size() - 1, k + context);
    for (std::size_t n = first; n <= last; ++n) near_change[n] = true;
  }
  std::vector<DiffLine> shown;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (near_change[k]) {
      shown.push_back(all[k]);
    } else if (shown.empty() || shown.back() != DiffLine{LineMark::Kept, "..."}) {
      shown.push_back({LineMark::Kept, "..."});
    }
  }
  return shown;
}

} // namespace schemadiff::emit
