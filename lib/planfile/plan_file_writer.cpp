#include "planfile/plan_file_writer.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>

#include "model/utc_time.hpp"
#include "plan/render_json.hpp"
#include "planfile/plan_record.hpp"
#include "planfile/sha256.hpp"
#include "state/atomic_file.hpp"

namespace oss::planfile {

namespace json = boost::json;

const char* deprovision_name(plan::Deprovision deprovision) {
  switch (deprovision) {
    case plan::Deprovision::delete_user: return "delete";
    case plan::Deprovision::deactivate: return "deactivate";
    case plan::Deprovision::ignore: return "ignore";
    case plan::Deprovision::deactivate_then_delete: return "deactivate_then_delete";
  }
  return "delete";
}

namespace {

// Everything written goes into the digest too. Pieces are gathered into blocks first: hashing and writing a few
// dozen bytes at a time cost more than building them.
class HashedOutput {
 public:
  explicit HashedOutput(const std::filesystem::path& file) : file_(file) { block_.reserve(kBlockBytes); }
  void put(std::string_view bytes) {
    if (block_.size() + bytes.size() > kBlockBytes) flush();
    block_.append(bytes);
  }
  // Through a buffer of ours: no std::string of each element. `leave_open`: without the object's closing brace,
  // for members that follow it.
  void put_json(const json::value& value, bool leave_open = false) {
    char buffer[4096];
    serializer_.reset(&value);
    while (!serializer_.done()) put(serializer_.read(buffer));
    if (leave_open) block_.pop_back();   // the '}' just put (a block never ends empty after a put)
  }
  // `,"name":`, after the head's members.
  void key(std::string_view name) {
    put(",\"");
    put(name);
    put("\":");
  }
  std::string finish() {
    flush();
    std::string sha256 = digest_.hex_digest();
    file_.write(",\"sha256\":\"" + sha256 + "\"}\n");
    file_.commit();
    return sha256;
  }

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  void flush() {
    file_.write(block_);
    digest_.update(block_);
    block_.clear();
  }

  state::AtomicFile file_;
  Sha256 digest_;
  json::serializer serializer_;
  std::string block_;
};

json::object policy_to_json(const PlanOrigin& origin) {
  json::array manage(origin.policy.manage_attributes.begin(), origin.policy.manage_attributes.end());
  json::array protect(origin.guards.protect.begin(), origin.guards.protect.end());
  return json::object{
      {"deprovision", deprovision_name(origin.policy.deprovision)},
      {"deleteAfterDays", origin.policy.delete_after_days},
      {"manageAttributes", std::move(manage)},
      {"guards", json::object{{"maxDeletes", origin.guards.max_deletes},
                              {"maxDeletePercent", origin.guards.max_delete_percent},
                              {"protect", std::move(protect)},
                              {"allowDeletes", origin.guards.allow_deletes ? json::value(*origin.guards.allow_deletes)
                                                                           : json::value(nullptr)}}}};
}

}  // namespace

std::string write_plan_file(const std::filesystem::path& file, const PlanOrigin& origin, const plan::Plan& plan,
                            const plan::GroupPlan* groups, const RemoteById& remote_by_id,
                            const RemoteGroupById& group_by_id) {
  HashedOutput out(file);
  // The head is small: one object, its closing brace left off for the members streamed after it.
  const json::object head{
      {"omniScimSyncPlan", kSchemaVersion},
      {"madeAt", model::utc_timestamp(origin.made_at())},
      {"madeAtUnix", origin.made_unix},
      {"madeBy", origin.made_by},
      {"instance", origin.instance},
      {"keyOwner", origin.key_owner},
      {"policy", policy_to_json(origin)},
      {"remoteUsers", origin.remote_users},
      {"unchanged", plan.unchanged},
      {"inactiveNotAtOmni", plan.inactive_absent}};
  std::string text = json::serialize(head);
  text.pop_back();
  out.put(text);

  out.key("operations");
  out.put("[");
  // Each operation's value is built in the same small buffer, emptied after it is written (as write_plan_json does):
  // from the heap, a million operations were millions of allocations.
  unsigned char scratch_buffer[8192];
  json::monotonic_resource scratch(scratch_buffer, sizeof scratch_buffer);
  bool first = true;
  for (const plan::Operation& operation : plan.operations) {
    const model::RemoteUser* remote = std::holds_alternative<plan::Create>(operation)
                                          ? nullptr
                                          : remote_by_id(plan::op_id(operation));
    out.put(first ? "" : ",");
    // The element as --output json has it, then "planned" (spliced in rather than inserted: no rehash per element).
    out.put_json(plan::operation_to_json(operation, &scratch), true);
    out.put(",\"planned\":");
    if (remote) out.put_json(record_state(remote->user, &scratch));
    else out.put("null");
    out.put("}");
    first = false;
    scratch.release();
  }
  out.put("]");

  out.key("withheld");
  out.put("[");
  first = true;
  for (const plan::Withheld& withheld : plan.withheld) {
    json::object element = plan::operation_to_json(withheld.operation);
    element["kind"] = plan::withheld_kind_name(withheld.kind);
    element["reason"] = withheld.reason;
    out.put(first ? "" : ",");
    out.put_json(element);
    first = false;
  }
  out.put("]");

  json::array duplicates;
  for (const plan::DuplicateRemoteUser& duplicate : plan.duplicate_remote)
    duplicates.push_back(json::object{{"userName", duplicate.user_name},
                                      {"ids", json::array(duplicate.ids.begin(), duplicate.ids.end())}});
  out.key("duplicates");
  out.put_json(duplicates);
  json::array gone, upcoming;
  for (const plan::GoneUser& user : plan.gone) gone.push_back(plan::gone_to_json(user));
  for (const plan::GoneUser& user : plan.upcoming_deletions) upcoming.push_back(plan::gone_to_json(user));
  out.key("gone");
  out.put_json(gone);
  out.key("upcomingDeletions");
  out.put_json(upcoming);
  out.key("groups");
  out.put_json(groups ? encode_group_part(*groups, group_by_id) : json::value(nullptr));
  return out.finish();
}

}  // namespace oss::planfile
