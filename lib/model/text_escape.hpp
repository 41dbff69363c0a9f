#pragma once
// Untrusted text shown to people: names and values from the source, names and messages from Omni, LDAP
// diagnostics. In the plan, in text log lines and in error messages, such text must not be able to forge or hide
// a line, move the cursor, clear the screen, or reorder what a terminal shows. The one escaping for all of them.
#include <cstddef>
#include <string>
#include <string_view>

namespace oss::model {

// Characters that are not shown as themselves: C0 controls and DEL (newlines, ESC), C1 controls (U+0080..U+009F:
// U+009B is a one-character ESC '[' on many terminals), the line and paragraph separators U+2028/U+2029, and the
// bidirectional controls (U+061C, U+200E/U+200F, U+202A..U+202E, U+2066..U+2069), which reverse the text shown
// after them ("Trojan Source").
constexpr bool is_control_or_bidi(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// The character (or invalid byte) at text[at] appended to `out` in a visible form; returns the bytes consumed.
//   \n \r \t, \xHH for other C0 controls and DEL, \u{HHHH} for C1 and bidi controls, \xHH for each byte that is
//   not valid UTF-8; inside quotes also \" and \\. Everything else, non-ASCII text included, as it is.
std::size_t append_escaped_character(std::string& out, std::string_view text, std::size_t at, bool inside_quotes);

// `"..."` with the escapes above, backslash and double quote included.
std::string quoted(std::string_view text);

// The text as is, except the escapes above (backslash and quote kept): for unquoted userNames, ids and messages.
std::string without_controls(std::string_view text);

// quoted(text) and without_controls(text) appended to `out`: a line of a million-line plan is built in one string,
// not from a temporary string per name.
void append_quoted(std::string& out, std::string_view text);
void append_without_controls(std::string& out, std::string_view text);

// True when without_controls(text) == text, i.e. nothing in it needs escaping.
bool is_printable_text(std::string_view text);

}  // namespace oss::model
