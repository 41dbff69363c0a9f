#pragma once
// The two line formats: text (for people and journald) and JSON (one object per line, for log shippers).
#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace oss::logging {

// "2024-05-01T12:00:00.123Z info     message key=value". Under journald the timestamp is left out (journald
// stamps each line) and a "<6>" priority prefix lets `journalctl -p` filter by level.
std::unique_ptr<spdlog::formatter> make_text_formatter(bool under_journal);

// {"time":"...Z","level":"info","message":"...", <fields>}\n — always one valid JSON line, whatever the message holds.
std::unique_ptr<spdlog::formatter> make_json_formatter();

// Invalid UTF-8 sequences replaced with U+FFFD, so a Latin-1 name from a CSV cannot make a JSON line unparseable.
std::string valid_utf8(std::string_view text);

}  // namespace oss::logging
