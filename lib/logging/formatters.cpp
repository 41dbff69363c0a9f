#include "logging/formatters.hpp"

#include "model/text_escape.hpp"
#include "model/utc_time.hpp"
#include "model/utf8.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>

#include <algorithm>
#include <ctime>
#include <variant>

#include "logging/event.hpp"

namespace oss::logging {
namespace {

// Quoted only when needed, so text lines stay easy to read and to split on spaces. Values are untrusted (names
// from the source, names and messages from Omni): one escaping for text logs and the plan (model/text_escape.hpp).
std::string text_value(const Field::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    const bool plain = !text->empty() && model::is_printable_text(*text) &&
                       std::none_of(text->begin(), text->end(), [](char c) { return c == ' ' || c == '"' || c == '=' || c == '\\'; });
    return plain ? *text : model::quoted(*text);
  }
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return fmt::format("{}", *integer);
  return fmt::format("{}", std::get<double>(value));
}

boost::json::value json_value(const Field::Value& value) {
  return std::visit(
      [](const auto& v) -> boost::json::value {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
          return boost::json::string(valid_utf8(v));
        else
          return boost::json::value(v);
      },
      value);
}

// `%*`: the event's fields as " key=value" suffixes.
class FieldsFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (const auto& field : current_fields()) {
      const std::string text = fmt::format(" {}={}", field.key, text_value(field.value));
      dest.append(text.data(), text.data() + text.size());
    }
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<FieldsFlag>();
  }
};

// `%~`: the message with control and bidi characters escaped. Messages quote untrusted text (user names, ids,
// server answers, LDAP diagnostics) at many call sites; escaping here means none of them can forget it, and a
// text log line is always one line.
class EscapedMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string text = model::without_controls(std::string_view(message.payload.data(), message.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessageFlag>();
  }
};

// `%&`: the sd-daemon(3) priority prefix journald reads from a stream ("<3>" for errors).
class JournalPriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& dest) override {
    int priority = 6;  // LOG_INFO
    switch (message.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: priority = 7; break;
      case spdlog::level::warn: priority = 4; break;
      case spdlog::level::err: priority = 3; break;
      case spdlog::level::critical: priority = 2; break;
      default: break;
    }
    const std::string text = fmt::format("<{}>", priority);
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriorityFlag>();
  }
};


class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
    boost::json::object line;
    line["time"] = model::utc_timestamp(message.time);
    const auto level = spdlog::level::to_string_view(message.level);
    line["level"] = std::string_view(level.data(), level.size());
    line["message"] = valid_utf8(std::string_view(message.payload.data(), message.payload.size()));
    // emplace keeps the first value: a field cannot overwrite time, level or message.
    for (const auto& field : current_fields()) line.emplace(valid_utf8(field.key), json_value(field.value));
    std::string text = boost::json::serialize(line);
    text += '\n';
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = model::decode_utf8(text, at).length;
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

std::unique_ptr<spdlog::formatter> make_text_formatter(bool under_journal) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc, std::string("\n"));
  formatter->add_flag<EscapedMessageFlag>('~');
  formatter->add_flag<FieldsFlag>('*');
  formatter->add_flag<JournalPriorityFlag>('&');
  formatter->set_pattern(under_journal ? "%&%-8l %~%*" : "%Y-%m-%dT%H:%M:%S.%eZ %-8l %~%*");
  return formatter;
}

std::unique_ptr<spdlog::formatter> make_json_formatter() { return std::make_unique<JsonFormatter>(); }

}  // namespace oss::logging
