#pragma once
// The declarative schema as it is being written: one block per object, a
// "-- kind name" line on top of each and a blank line between blocks.

#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::emit {

class SchemaScript {
public:
  // Adds one block; each statement gets its ";". A block with no statements
  // is left out, so callers need not check.
  void add(std::string_view title, const std::vector<std::string> &statements);

  const std::string &text() const { return text_; }

private:
  std::string text_;
};

} // namespace schemadiff::emit
