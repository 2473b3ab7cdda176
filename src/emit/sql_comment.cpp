#include "sql_comment.hpp"

#include <array>
#include <cstdint>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// Words a runner acts on wherever it finds them in a comment; their first
// character is escaped.
constexpr std::array<std::string_view, 3> runner_words = {
    "+goose",   // goose >= 3.18: a `--` line holding it is an annotation, an error unless a known one
    "migrate:", // dbmate: `-- migrate:up` / `-- migrate:down` start its sections
    "${",       // Flyway: a placeholder, replaced (or refused) in comments too
};

// The length of the well-formed UTF-8 sequence at `at` (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  unsigned char low = 0x80; // the range of the second byte
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xbf) return 0;
  }
  return length;
}

char32_t code_point(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[i])); };
  if (sequence.size() == 2) return (byte(0) & 0x1f) << 6 | (byte(1) & 0x3f);
  if (sequence.size() == 3) return (byte(0) & 0x0f) << 12 | (byte(1) & 0x3f) << 6 | (byte(2) & 0x3f);
  return (byte(0) & 0x07) << 18 | (byte(1) & 0x3f) << 12 | (byte(2) & 0x3f) << 6 | (byte(3) & 0x3f);
}

// C1 controls (U+0085 ends a line for some readers), the line and paragraph
// separators, and the bidirectional controls of "Trojan Source"
// (CVE-2021-42574), which make a line display in another order than it runs.
bool is_escaped_code_point(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

bool starts_runner_word(std::string_view text, std::size_t at) {
  for (const std::string_view word : runner_words) {
    if (text.substr(at, word.size()) == word) return true;
  }
  return false;
}

std::string byte_escape(unsigned char c) { return fmt::format("\\x{:02x}", c); }

} // namespace

std::string sql_comment_text(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[at]);
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if (c == '\t') {
      escaped += "\\t";
    } else if (c < 0x20 || c == 0x7f || starts_runner_word(text, at)) {
      escaped += byte_escape(c);
    } else if (c >= 0x80) {
      const std::size_t length = utf8_length(text, at);
      if (length == 0) {
        escaped += byte_escape(c);
      } else {
        const std::string_view sequence = text.substr(at, length);
        const char32_t point = code_point(sequence);
        escaped += is_escaped_code_point(point) ? fmt::format("\\u{:04x}", static_cast<std::uint32_t>(point))
                                                : std::string(sequence);
        at += length;
        continue;
      }
    } else {
      escaped += static_cast<char>(c);
    }
    ++at;
  }
  return escaped;
}

std::string sql_comment_line(std::string_view text) { return "-- " + sql_comment_text(text) + "\n"; }

} // namespace schemadiff::emit
