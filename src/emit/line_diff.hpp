#pragma once
// A line diff of two texts, for showing both sides of a drift: the lines of
// `from` and `to` in order, each marked kept, removed or added, cut down to
// hunks with a few kept lines of context around each change.

#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::emit {

enum class LineMark { Kept, Removed, Added };

struct DiffLine {
  LineMark mark = LineMark::Kept;
  std::string text; // without its line break
  bool operator==(const DiffLine &) const = default;
};

// A longest common subsequence of lines. `context` kept lines stay on each
// side of a change; a longer run of kept lines between hunks becomes one
// Kept line holding "...". Texts too long for the quadratic table (over a
// few million line pairs) come back as all of `from` removed, then all of
// `to` added.
std::vector<DiffLine> line_diff(std::string_view from, std::string_view to, std::size_t context = 3);

} // namespace schemadiff::emit
