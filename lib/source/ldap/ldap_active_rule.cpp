#include "source/ldap/ldap_active_rule.hpp"

#include <charconv>
#include <optional>

#include "model/user.hpp"
#include "source/active_words.hpp"
#include "source/ldap/ldap_attribute_map.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

namespace {

constexpr std::string_view kExpected =
    "expected true, absent(attribute), present(attribute), bit_clear(attribute, mask), bit_set(attribute, mask) "
    "or boolean(attribute)";

struct Function {
  std::string_view name;
  ActiveRule::Kind kind;
  bool takes_mask;
};
constexpr Function kFunctions[] = {
    {"absent", ActiveRule::Kind::absent, false},   {"present", ActiveRule::Kind::present, false},
    {"bit_clear", ActiveRule::Kind::bit_clear, true}, {"bit_set", ActiveRule::Kind::bit_set, true},
    {"boolean", ActiveRule::Kind::boolean, false},
};

[[noreturn]] void refuse(std::string_view text, std::string_view problem) {
  throw std::invalid_argument(std::string(problem) + " in \"" + std::string(text) + "\": " + std::string(kExpected));
}

// Decimal, or hexadecimal with 0x (AD documents its flags in hex).
std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// AD stores userAccountControl as a signed 32-bit decimal ("-2147483646" has bit 31 set): read both signs.
std::optional<std::uint64_t> parse_flags(std::string_view text) {
  text = model::trim(text);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

}  // namespace

ActiveRule parse_active_rule(std::string_view text) {
  const std::string_view rule = model::trim(text);
  if (rule == "true") return ActiveRule{};
  const auto open = rule.find('(');
  if (open == std::string_view::npos || !rule.ends_with(')')) refuse(text, "not a rule");
  const std::string_view name = model::trim(rule.substr(0, open));
  const Function* function = nullptr;
  for (const auto& candidate : kFunctions)
    if (candidate.name == name) function = &candidate;
  if (function == nullptr) refuse(text, "unknown function \"" + std::string(name) + "\"");

  std::string_view arguments = rule.substr(open + 1, rule.size() - open - 2);
  const auto comma = arguments.find(',');
  ActiveRule parsed{function->kind, std::string(model::trim(arguments.substr(0, comma))), 0};
  if (auto problem = ldap_attribute_problem(parsed.attribute)) refuse(text, *problem);
  if (function->takes_mask != (comma != std::string_view::npos))
    refuse(text, function->takes_mask ? std::string(name) + " needs an attribute and a mask"
                                      : std::string(name) + " takes one attribute");
  if (function->takes_mask) {
    const auto mask = parse_unsigned(model::trim(arguments.substr(comma + 1)));
    if (!mask || *mask == 0) refuse(text, "the mask must be a positive integer (decimal or 0x...)");
    parsed.mask = *mask;
  }
  return parsed;
}

std::variant<bool, std::string> evaluate_active_rule(const ActiveRule& rule, const std::vector<std::string>* values) {
  const bool has_value = values != nullptr && !values->empty();
  switch (rule.kind) {
    case ActiveRule::Kind::always: return true;
    case ActiveRule::Kind::present: return has_value;
    case ActiveRule::Kind::absent: return !has_value;
    case ActiveRule::Kind::boolean: {
      if (!has_value) return true;
      if (const auto active = builtin_active_words().parse(values->front())) return *active;
      return "\"" + rule.attribute + "\" is " + quoted_excerpt(values->front()) + ", " + std::string(kActiveExpected);
    }
    case ActiveRule::Kind::bit_clear:
    case ActiveRule::Kind::bit_set: {
      if (!has_value) return "no \"" + rule.attribute + "\" attribute, so the account state is unknown";
      const auto flags = parse_flags(values->front());
      if (!flags) return "\"" + rule.attribute + "\" is " + quoted_excerpt(values->front()) + ", expected an integer";
      const std::uint64_t set = *flags & rule.mask;
      return rule.kind == ActiveRule::Kind::bit_clear ? set == 0 : set == rule.mask;
    }
  }
  return true;
}

}  // namespace oss::source
