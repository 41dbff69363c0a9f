#include "planfile/plan_file_reader.hpp"

#include <algorithm>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include "planfile/group_record.hpp"
#include "planfile/json_field.hpp"
#include "planfile/operation_decoder.hpp"
#include "planfile/plan_file_writer.hpp"
#include "planfile/sha256.hpp"
#include "state/private_files.hpp"

namespace oss::planfile {

namespace json = boost::json;

namespace {

constexpr std::string_view kDigestMember = ",\"sha256\":\"";
constexpr std::size_t kDigestHexLength = 64;

// The hashed part of the file and the digest it states; the file must end exactly as the writer ends it.
std::pair<std::string_view, std::string> split_digest(std::string_view content, const std::string& where) {
  const std::size_t at = content.rfind(kDigestMember);
  const std::string_view tail = at == std::string_view::npos ? std::string_view() : content.substr(at + kDigestMember.size());
  if (at == std::string_view::npos || tail.size() != kDigestHexLength + 3 || tail.substr(kDigestHexLength) != "\"}\n")
    throw PlanFileRejected(where + ": does not end with its sha256 (the last line of a plan file is "
                                   "`,\"sha256\":\"<64 hex digits>\"}`): it was cut short or edited");
  return {content.substr(0, at), std::string(tail.substr(0, kDigestHexLength))};
}

plan::Deprovision decode_deprovision(const JsonField& field) {
  const std::string name = field.string();
  for (const auto candidate : {plan::Deprovision::delete_user, plan::Deprovision::deactivate, plan::Deprovision::ignore,
                               plan::Deprovision::deactivate_then_delete})
    if (name == deprovision_name(candidate)) return candidate;
  field.reject("\"" + name + "\" is not a deprovisioning policy");
}

std::vector<std::string> decode_strings(const JsonField& field) {
  std::vector<std::string> strings;
  for (std::size_t i = 0; i < field.size(); ++i) strings.push_back(field.element(i).string());
  return strings;
}

PlanOrigin decode_origin(const JsonField& root) {
  PlanOrigin origin;
  origin.made_unix = root.member("madeAtUnix").integer();
  origin.made_by = root.member("madeBy").string();
  origin.instance = root.member("instance").string();
  origin.key_owner = root.member("keyOwner").string();
  origin.remote_users = static_cast<std::size_t>(root.member("remoteUsers").integer());
  const JsonField policy = root.member("policy");
  origin.policy.deprovision = decode_deprovision(policy.member("deprovision"));
  origin.policy.delete_after_days = static_cast<int>(policy.member("deleteAfterDays").integer());
  origin.policy.manage_attributes = decode_strings(policy.member("manageAttributes"));
  const JsonField guards = policy.member("guards");
  origin.guards.max_deletes = static_cast<std::size_t>(guards.member("maxDeletes").integer());
  origin.guards.max_delete_percent = guards.member("maxDeletePercent").number();
  origin.guards.protect = decode_strings(guards.member("protect"));
  if (guards.has("allowDeletes"))
    origin.guards.allow_deletes = static_cast<std::size_t>(guards.member("allowDeletes").integer());
  return origin;
}

std::optional<json::object> decode_planned(const JsonField& element, const plan::Operation& operation) {
  const JsonField planned = element.member("planned");
  if (std::holds_alternative<plan::Create>(operation)) {
    if (!planned.is_null()) planned.reject("a create is planned against nobody (null)");
    return std::nullopt;
  }
  // Read for their types only: a record that lacks one cannot be compared with Omni's.
  (void)planned.member("userName").string();
  (void)planned.member("displayName").string();
  (void)planned.member("active").boolean();
  (void)planned.member("attributes").object();
  return planned.object();
}

}  // namespace

PlanFile parse_plan_file(std::string_view content, const std::string& where) {
  // Parsed as a stream so that a syntax error can be placed: the bytes consumed are where it went wrong.
  json::error_code error;
  json::stream_parser parser;
  const std::size_t consumed = parser.write_some(content.data(), content.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    const auto line = 1 + std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(consumed), '\n');
    throw PlanFileRejected(fmt::format("{}: not a plan file: not JSON at line {}, byte {}: {}", where, line, consumed + 1,
                                       error.message()));
  }
  const json::value document = parser.release();
  const JsonField root(document, where + ":");
  if (!document.is_object() || !root.has("omniScimSyncPlan"))
    throw PlanFileRejected(where + ": not an omni-scim-sync plan file (no \"omniScimSyncPlan\")");
  const std::int64_t version = root.member("omniScimSyncPlan").integer();
  if (version > kSchemaVersion)
    throw PlanFileRejected(where + ": written in plan schema " + std::to_string(version) +
                           " by a later omni-scim-sync; this one reads schema " + std::to_string(kSchemaVersion) +
                           ": apply it with the version that made it, or make the plan again");
  if (version < 1) throw PlanFileRejected(where + ": plan schema " + std::to_string(version) + " does not exist");

  const auto [hashed, stated] = split_digest(content, where);
  const std::string actual = sha256_hex(hashed);
  if (actual != stated)
    throw PlanFileRejected(where + ": was changed after it was written: it states sha256 " + stated +
                           ", its content hashes to " + actual);

  PlanFile file;
  file.sha256 = stated;
  file.origin = decode_origin(root);
  file.plan.unchanged = static_cast<std::size_t>(root.member("unchanged").integer());
  file.plan.inactive_absent = static_cast<std::size_t>(root.member("inactiveNotAtOmni").integer());
  const JsonField operations = root.member("operations");
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const JsonField element = operations.element(i);
    file.plan.operations.push_back(decode_operation(element));
    file.planned.push_back(decode_planned(element, file.plan.operations.back()));
    // The one ordering rule (plan::apply_phase): a file that breaks it was not written by a planner.
    if (i > 0 && plan::apply_phase(file.plan.operations[i]) < plan::apply_phase(file.plan.operations[i - 1]))
      element.reject("out of the order plans are applied in (revocations, then additions, then removals)");
  }
  const JsonField withheld = root.member("withheld");
  for (std::size_t i = 0; i < withheld.size(); ++i) file.plan.withheld.push_back(decode_withheld(withheld.element(i)));
  const JsonField duplicates = root.member("duplicates");
  for (std::size_t i = 0; i < duplicates.size(); ++i) {
    const JsonField element = duplicates.element(i);
    file.plan.duplicate_remote.push_back({element.member("userName").string(), decode_strings(element.member("ids"))});
  }
  const JsonField gone = root.member("gone");
  for (std::size_t i = 0; i < gone.size(); ++i) file.plan.gone.push_back(decode_gone(gone.element(i)));
  const JsonField upcoming = root.member("upcomingDeletions");
  for (std::size_t i = 0; i < upcoming.size(); ++i)
    file.plan.upcoming_deletions.push_back(decode_gone(upcoming.element(i)));
  if (const JsonField groups = root.member("groups"); !groups.is_null()) {
    GroupPart part = decode_group_part(groups);
    file.groups = std::move(part.plan);
    file.groups_planned = std::move(part.planned);
  }
  return file;
}

PlanFile read_plan_file(const std::filesystem::path& file) {
  std::optional<std::string> content;
  try {
    content = state::read_private_file(file);
  } catch (const state::UntrustedFile& error) {
    throw PlanFileRejected(error.what());
  }
  if (!content) throw PlanFileRejected(file.string() + ": no such file");
  return parse_plan_file(*content, file.string());
}

}  // namespace oss::planfile
