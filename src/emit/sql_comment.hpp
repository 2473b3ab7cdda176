#pragma once
// Free text (object names, summaries, hazard reasons) inside a `--` comment.
//
// A `--` comment ends at a line break, so a name holding one would turn the
// rest of itself into SQL that the migration role runs. And the runners read
// comments too: dbmate a line `--\s*migrate:up|down`, goose (since 3.18) any
// `--` line holding `+goose`, Flyway a `${...}` placeholder anywhere. So
// every comment line that holds text from outside schemadiff's own code is
// written by sql_comment_line, and only the layouts' own directive lines are
// written as they are.

#include <string>
#include <string_view>

namespace schemadiff::emit {

// `text` on one line, nothing in it a runner reads, and still readable:
// a backslash becomes `\\`; a line feed, carriage return or tab `\n`, `\r`,
// `\t`; any other control character (C0, DEL) or byte that is not UTF-8
// `\xNN`; C1 controls, the line and paragraph separators U+2028/U+2029 and
// the bidirectional controls (which make a line read differently from how
// it runs) `\uNNNN`; the first character of `+goose`, `migrate:` and `${`
// `\xNN`. Every escape starts with a backslash and every backslash is
// escaped, so the original text can be read back from it.
std::string sql_comment_text(std::string_view text);

// "-- " + sql_comment_text(text) + "\n": the prefix always first on the line.
std::string sql_comment_line(std::string_view text);

} // namespace schemadiff::emit
