#include "source/snapshot_builder.hpp"

#include <algorithm>

#include "model/user.hpp"
#include "source/source_failure.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

SnapshotBuilder::SnapshotBuilder(OnError on_error, std::string origin) : on_error_(on_error) {
  snapshot_.origin = std::move(origin);
}

void SnapshotBuilder::begin_file(std::string file) { files_.push_back(std::move(file)); }

void SnapshotBuilder::reject(snapshot::SourceError error) {
  errors_.push_back(std::move(error));
  if (on_error_ == OnError::fail && errors_.size() >= kMaxErrors) stopped_ = true;
}

std::string SnapshotBuilder::where(const Origin& origin) const {
  std::string text = files_[origin.file];
  if (origin.line > 0) text += ':' + std::to_string(origin.line);
  return text;
}

snapshot::SourceError SnapshotBuilder::error_at(const Origin& origin, std::string message) const {
  return snapshot::SourceError{files_[origin.file], origin.line, std::string(kUserNameKey), std::move(message)};
}

void SnapshotBuilder::add(model::User user, std::size_t line) {
  const Origin origin{static_cast<std::uint32_t>(files_.size() - 1), line};
  const auto [it, inserted] = seen_.try_emplace(model::normalise_user_name(user.user_name), snapshot_.users.size());
  if (!inserted) {
    const std::size_t first = it->second;
    const std::string name = quoted_excerpt(user.user_name);
    if (on_error_ == OnError::fail) {
      reject(error_at(origin, "userName " + name + " appears twice: also at " + where(origins_[first])));
      return;
    }
    // Under skip we cannot tell which record is right, so none of them is used.
    if (dropped_.empty()) dropped_.resize(snapshot_.users.size());
    if (!dropped_[first]) {
      dropped_[first] = true;
      reject(error_at(origins_[first], "userName " + quoted_excerpt(snapshot_.users[first].user_name) +
                                           " appears twice: also at " + where(origin) + "; both skipped"));
    }
    reject(error_at(origin, "userName " + name + " appears twice: also at " + where(origins_[first]) +
                                "; both skipped"));
    snapshot_.users.push_back(std::move(user));
    origins_.push_back(origin);
    dropped_.push_back(true);
    return;
  }
  snapshot_.users.push_back(std::move(user));
  origins_.push_back(origin);
  if (!dropped_.empty()) dropped_.push_back(false);
}

snapshot::Snapshot SnapshotBuilder::finish() {
  // Records come in file order, but a duplicate is noticed at its second occurrence: put the messages back in order.
  const auto file_rank = [this](const std::string& file) {
    return static_cast<std::size_t>(std::find(files_.begin(), files_.end(), file) - files_.begin());
  };
  std::stable_sort(errors_.begin(), errors_.end(), [&](const snapshot::SourceError& a, const snapshot::SourceError& b) {
    const auto rank_a = file_rank(a.file), rank_b = file_rank(b.file);
    return rank_a != rank_b ? rank_a < rank_b : a.line < b.line;
  });
  if (on_error_ == OnError::fail) {
    if (!errors_.empty()) throw SourceFailure(std::move(errors_), stopped_);
    return std::move(snapshot_);
  }
  if (!dropped_.empty()) {
    std::vector<model::User> kept;
    kept.reserve(snapshot_.users.size());
    for (std::size_t i = 0; i < snapshot_.users.size(); ++i)
      if (!dropped_[i]) kept.push_back(std::move(snapshot_.users[i]));
    snapshot_.users = std::move(kept);
  }
  snapshot_.skipped = std::move(errors_);
  return std::move(snapshot_);
}

}  // namespace oss::source
