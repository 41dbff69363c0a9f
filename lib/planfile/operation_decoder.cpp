#include "planfile/operation_decoder.hpp"

#include "model/utc_time.hpp"

namespace oss::planfile {

namespace json = boost::json;

namespace {

constexpr std::string_view kAttributePrefix = "attributes.";

model::AttributeScalar decode_scalar(const JsonField& field) {
  const json::value& value = field.value();
  if (value.is_string()) return field.string();
  if (value.is_bool()) return field.boolean();
  if (value.is_number()) return field.number();
  field.reject("expected a string, a number or true/false");
}

model::AttributeValue decode_value(const JsonField& field) {
  if (!field.value().is_array()) {
    return std::visit([](auto&& v) { return model::AttributeValue{std::move(v)}; }, decode_scalar(field));
  }
  model::AttributeList list;
  for (std::size_t i = 0; i < field.size(); ++i) list.push_back(decode_scalar(field.element(i)));
  return list;
}

std::optional<model::AttributeValue> decode_optional_value(const JsonField& field) {
  if (field.is_null()) return std::nullopt;
  return decode_value(field);
}

std::chrono::sys_days decode_day(const JsonField& field) {
  std::chrono::sys_days day{};
  if (!model::parse_day(field.string(), day)) field.reject("expected a date like 2026-12-04");
  return day;
}

plan::Create decode_create(const JsonField& element) {
  const JsonField changes = element.member("changes");
  plan::Create create;
  create.user.user_name = element.member("userName").string();
  create.user.display_name = changes.member("displayName").string();
  create.user.active = changes.member("active").boolean();
  const JsonField attributes = changes.member("attributes");
  for (const auto& [reference, value] : attributes.object())
    create.user.attributes.set(std::string_view(reference), decode_value(attributes.member(reference)));
  return create;
}

plan::Update decode_update(const JsonField& element) {
  plan::Update update;
  update.id = element.member("id").string();
  update.user_name = element.member("userName").string();
  if (element.has("backInSource")) update.back_in_source = element.member("backInSource").boolean();
  const JsonField changes = element.member("changes");
  for (const auto& [key, ignored] : changes.object()) {
    const JsonField change = changes.member(key);
    const JsonField from = change.member("from");
    const JsonField to = change.member("to");
    if (key == "displayName") {
      update.display_name = std::make_pair(from.string(), to.string());
    } else if (key == "active") {
      update.active = to.boolean();
    } else if (std::string_view(key).starts_with(kAttributePrefix)) {
      update.attributes.push_back({std::string(std::string_view(key).substr(kAttributePrefix.size())),
                                   decode_optional_value(from), decode_optional_value(to)});
    } else {
      change.reject("not a field an update changes");
    }
  }
  if (!update.display_name && !update.active && update.attributes.empty()) changes.reject("an update that changes nothing");
  return update;
}

}  // namespace

plan::Operation decode_operation(const JsonField& element) {
  const JsonField op = element.member("op");
  const std::string name = op.string();
  if (name == "create") return decode_create(element);
  if (name == "update") return decode_update(element);
  if (name == "deactivate") {
    plan::Deactivate deactivate{element.member("id").string(), element.member("userName").string()};
    if (element.has("fromSource")) deactivate.from_source = element.member("fromSource").boolean();
    if (element.has("deleteOn")) deactivate.delete_on = decode_day(element.member("deleteOn"));
    return deactivate;
  }
  if (name == "delete") {
    plan::Delete remove{element.member("id").string(), element.member("userName").string()};
    if (element.has("goneSince")) remove.gone_since = decode_day(element.member("goneSince"));
    if (element.has("graceDays")) remove.grace_days = static_cast<int>(element.member("graceDays").integer());
    return remove;
  }
  op.reject("\"" + name + "\" is not an operation (create, update, deactivate, delete)");
}

plan::WithheldKind decode_withheld_kind(const JsonField& kind) {
  const std::string name = kind.string();
  for (const auto candidate : {plan::WithheldKind::protected_user, plan::WithheldKind::own_user,
                               plan::WithheldKind::delete_threshold, plan::WithheldKind::source_health})
    if (name == plan::withheld_kind_name(candidate)) return candidate;
  kind.reject("\"" + name + "\" is not a reason to withhold");
}

plan::Withheld decode_withheld(const JsonField& element) {
  return plan::Withheld{decode_operation(element), decode_withheld_kind(element.member("kind")),
                        element.member("reason").string()};
}

plan::GoneUser decode_gone(const JsonField& element) {
  return plan::GoneUser{element.member("id").string(), element.member("userName").string(),
                        decode_day(element.member("goneSince")), decode_day(element.member("deleteOn"))};
}

}  // namespace oss::planfile
