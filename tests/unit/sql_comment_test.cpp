#include "emit/sql_comment.hpp"

#include <catch2/catch.hpp>

#include <string>

using schemadiff::emit::sql_comment_line;
using schemadiff::emit::sql_comment_text;

TEST_CASE("sql_comment_text leaves printable text, quotes and SQL punctuation as they are") {
  CHECK(sql_comment_text("create index public.orders_by_day") == "create index public.orders_by_day");
  CHECK(sql_comment_text("'quoted' \"name\" ; -- */ /* $$ $tag$ # [x] @t") ==
        "'quoted' \"name\" ; -- */ /* $$ $tag$ # [x] @t");
  CHECK(sql_comment_text("") == "");
}

TEST_CASE("sql_comment_text escapes line feeds, carriage returns and tabs by name") {
  CHECK(sql_comment_text("x\nGRANT ALL ON t TO PUBLIC; --") == "x\\nGRANT ALL ON t TO PUBLIC; --");
  CHECK(sql_comment_text("a\rb") == "a\\rb");
  CHECK(sql_comment_text("a\r\nb") == "a\\r\\nb");
  CHECK(sql_comment_text("a\tb") == "a\\tb");
}

TEST_CASE("sql_comment_text escapes every other C0 control character and DEL as \\xNN") {
  CHECK(sql_comment_text(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(sql_comment_text("\x07") == "\\x07");
  CHECK(sql_comment_text("\x0b\x0c") == "\\x0b\\x0c");
  CHECK(sql_comment_text("\x1b[31mred") == "\\x1b[31mred");
  CHECK(sql_comment_text("\x1f") == "\\x1f");
  CHECK(sql_comment_text("\x7f") == "\\x7f");
  for (int c = 0; c < 0x20; ++c) {
    const std::string escaped = sql_comment_text(std::string(1, static_cast<char>(c)));
    CHECK(escaped.front() == '\\');
    CHECK(escaped.find_first_of("\n\r") == std::string::npos);
  }
}

TEST_CASE("sql_comment_text escapes a backslash, so every escape can be read back") {
  CHECK(sql_comment_text("a\\b") == "a\\\\b");
  // A literal backslash-n and a line feed stay apart.
  CHECK(sql_comment_text("\\n") == "\\\\n");
  CHECK(sql_comment_text("\n") == "\\n");
}

TEST_CASE("sql_comment_text escapes C1 controls and the unicode line and paragraph separators as \\uNNNN") {
  CHECK(sql_comment_text("a\u0085b") == "a\\u0085b"); // NEL
  CHECK(sql_comment_text("\u0080\u009f") == "\\u0080\\u009f");
  CHECK(sql_comment_text("a\u2028b\u2029c") == "a\\u2028b\\u2029c");
}

TEST_CASE("sql_comment_text escapes the bidirectional controls that make a line read otherwise than it runs") {
  CHECK(sql_comment_text("a\u202eb\u202ac") == "a\\u202eb\\u202ac");
  CHECK(sql_comment_text("\u2066\u2069\u200e\u200f\u061c") == "\\u2066\\u2069\\u200e\\u200f\\u061c");
}

TEST_CASE("sql_comment_text keeps other unicode text") {
  CHECK(sql_comment_text("café ñ 日本 🐘") == "café ñ 日本 🐘");
  CHECK(sql_comment_text("\u00a0\u2027\u202f") == "\u00a0\u2027\u202f"); // next to the escaped ranges
}

TEST_CASE("sql_comment_text escapes bytes that are not UTF-8 as \\xNN") {
  CHECK(sql_comment_text("a\xff") == "a\\xff");
  CHECK(sql_comment_text("\xc3") == "\\xc3");                            // a lead byte at the end
  CHECK(sql_comment_text("\xc3(") == "\\xc3(");                          // a lead byte without its continuation
  CHECK(sql_comment_text("\x80") == "\\x80");                            // a continuation alone
  CHECK(sql_comment_text("\xc0\xaf") == "\\xc0\\xaf");                   // an overlong '/'
  CHECK(sql_comment_text("\xe0\x80\x8a") == "\\xe0\\x80\\x8a");          // an overlong line feed
  CHECK(sql_comment_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");          // a surrogate
  CHECK(sql_comment_text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // past U+10FFFF
  // An overlong form of U+2028 is no way around its escape.
  CHECK(sql_comment_text("\xf0\x82\x80\xa8") == "\\xf0\\x82\\x80\\xa8");
}

TEST_CASE("sql_comment_text escapes the words runners act on inside comments") {
  CHECK(sql_comment_text("-- +goose Down") == "-- \\x2bgoose Down");
  CHECK(sql_comment_text("x +goose StatementEnd +goose") == "x \\x2bgoose StatementEnd \\x2bgoose");
  CHECK(sql_comment_text("-- migrate:down") == "-- \\x6digrate:down");
  CHECK(sql_comment_text("${flyway:user} ${x}") == "\\x24{flyway:user} \\x24{x}");
  // The words alone, nothing like them.
  CHECK(sql_comment_text("+ goose, migrate, $x, {}") == "+ goose, migrate, $x, {}");
}

TEST_CASE("sql_comment_line puts the comment prefix first and ends the line once") {
  CHECK(sql_comment_line("does:") == "-- does:\n");
  const std::string line = sql_comment_line("x\n-- migrate:down\nGRANT ALL ON t TO PUBLIC;\r\u2028-- +goose Down");
  CHECK(line == "-- x\\n-- \\x6digrate:down\\nGRANT ALL ON t TO PUBLIC;\\r\\u2028-- \\x2bgoose Down\n");
  CHECK(line.find('\n') == line.size() - 1);
  CHECK(line.find('\r') == std::string::npos);
}
