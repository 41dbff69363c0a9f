#include "logging/formatters.hpp"

#include "model/utc_time.hpp"

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

// Quoted (JSON string syntax) only when needed, so text lines stay easy to read and to split on spaces.
std::string text_value(const Field::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    const bool plain = !text->empty() && std::none_of(text->begin(), text->end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte <= 0x20 || byte == 0x7f || c == '"' || c == '=' || c == '\\';
    });
    return plain ? *text : boost::json::serialize(boost::json::string(valid_utf8(*text)));
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

// Length of the valid UTF-8 sequence starting at text[at], or 0 when it is not one (RFC 3629 table).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const auto continuation = [&](std::size_t i) { return at + i < text.size() && (byte(i) & 0xC0) == 0x80; };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (lead == 0xED && byte(1) > 0x9F) return 0;  // UTF-16 surrogates
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (lead == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (lead == 0xF4 && byte(1) > 0x8F) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence_length(text, at);
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
  formatter->add_flag<FieldsFlag>('*');
  formatter->add_flag<JournalPriorityFlag>('&');
  formatter->set_pattern(under_journal ? "%&%-8l %v%*" : "%Y-%m-%dT%H:%M:%S.%eZ %-8l %v%*");
  return formatter;
}

std::unique_ptr<spdlog::formatter> make_json_formatter() { return std::make_unique<JsonFormatter>(); }

}  // namespace oss::logging
