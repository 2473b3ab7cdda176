#pragma once
// A strict reader for the small XML documents schemadiff writes (JUnit
// reports): elements, attributes, text and the predefined and numeric
// character references. Anything not well-formed — an unescaped < or &, an
// unknown entity, a control character, a mismatched or unclosed tag, text
// after the root — throws std::runtime_error. No DTDs, comments or CDATA:
// schemadiff never writes them. Header only, for unit and integration tests.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
  std::string text; // the character data directly inside, references resolved

  // Every descendant (not this element) named `wanted`, in document order.
  std::vector<const XmlElement *> all(std::string_view wanted) const {
    std::vector<const XmlElement *> found;
    for (const XmlElement &child : children) {
      if (child.name == wanted) found.push_back(&child);
      for (const XmlElement *deeper : child.all(wanted)) found.push_back(deeper);
    }
    return found;
  }
  const std::string &attribute(const std::string &key) const {
    const auto found = attributes.find(key);
    if (found == attributes.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
    return found->second;
  }
};

class XmlReader {
public:
  explicit XmlReader(std::string_view text) : text_(text) {}

  XmlElement document() {
    if (text_.starts_with("<?xml")) {
      const std::size_t end = text_.find("?>");
      if (end == std::string_view::npos) fail("unterminated XML declaration");
      at_ = end + 2;
    }
    skip_space();
    XmlElement root = element();
    skip_space();
    if (at_ != text_.size()) fail("text after the root element");
    return root;
  }

private:
  [[noreturn]] void fail(const std::string &problem) const {
    throw std::runtime_error("malformed XML at offset " + std::to_string(at_) + ": " + problem);
  }

  bool at_end() const { return at_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[at_]; }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\n' || peek() == '\t' || peek() == '\r')) ++at_;
  }

  static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == ':';
  }

  std::string name() {
    const std::size_t start = at_;
    while (!at_end() && name_char(peek())) ++at_;
    if (start == at_) fail("expected a name");
    return std::string(text_.substr(start, at_ - start));
  }

  static void append_utf8(std::string &out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  void reference(std::string &out) {
    expect('&');
    const std::size_t end = text_.find(';', at_);
    if (end == std::string_view::npos) fail("unterminated reference");
    const std::string_view entity = text_.substr(at_, end - at_);
    at_ = end + 1;
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity.starts_with("#")) {
      const bool hex = entity.starts_with("#x");
      const std::string digits(entity.substr(hex ? 2 : 1));
      if (digits.empty()) fail("empty character reference");
      const unsigned long code = std::stoul(digits, nullptr, hex ? 16 : 10);
      if (code < 0x20 && code != 0x9 && code != 0xA && code != 0xD) fail("reference to a control character");
      append_utf8(out, static_cast<std::uint32_t>(code));
    } else {
      fail("unknown entity &" + std::string(entity) + ";");
    }
  }

  void character(std::string &out) {
    const auto c = static_cast<unsigned char>(peek());
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') fail("control character");
    out += static_cast<char>(c);
    ++at_;
  }

  std::string attribute_value() {
    const char quote = peek();
    if (quote != '"' && quote != '\'') fail("attribute value not quoted");
    ++at_;
    std::string value;
    while (peek() != quote) {
      if (at_end()) fail("unterminated attribute value");
      if (peek() == '<') fail("'<' in an attribute value");
      if (peek() == '&') {
        reference(value);
      } else {
        character(value);
      }
    }
    ++at_;
    return value;
  }

  XmlElement element() {
    expect('<');
    XmlElement result;
    result.name = name();
    for (;;) {
      const std::size_t before = at_;
      skip_space();
      if (peek() == '/') {
        ++at_;
        expect('>');
        return result;
      }
      if (peek() == '>') {
        ++at_;
        break;
      }
      if (before == at_) fail("expected white space before an attribute");
      const std::string key = name();
      expect('=');
      if (result.attributes.contains(key)) fail("attribute " + key + " given twice");
      result.attributes[key] = attribute_value();
    }
    for (;;) {
      if (at_end()) fail("<" + result.name + "> is not closed");
      if (text_.substr(at_).starts_with("</")) {
        at_ += 2;
        if (name() != result.name) fail("mismatched closing tag for <" + result.name + ">");
        skip_space();
        expect('>');
        return result;
      }
      if (peek() == '<') {
        result.children.push_back(element());
      } else if (peek() == '&') {
        reference(result.text);
      } else if (peek() == '>' && text_.substr(at_ > 1 ? at_ - 2 : 0).starts_with("]]>")) {
        fail("']]>' in text");
      } else {
        character(result.text);
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

// Parses `text`; throws std::runtime_error when it is not well-formed.
inline XmlElement parse_xml(std::string_view text) { return XmlReader(text).document(); }

} // namespace schemadiff::testing
