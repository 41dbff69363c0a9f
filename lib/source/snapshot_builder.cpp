#include "source/snapshot_builder.hpp"

#include <algorithm>

#include "model/user.hpp"
#include "source/source_failure.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

SnapshotBuilder::SnapshotBuilder(OnError on_error, std::string origin, std::stop_token stop)
    : on_error_(on_error), stop_(std::move(stop)) {
  snapshot_.origin = std::move(origin);
}

void SnapshotBuilder::throw_if_stop_requested() const {
  if (stop_requested()) throw SourceStopped(snapshot_.origin);
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

void SnapshotBuilder::note_active_status(bool stated) { active_stated_ = active_stated_.value_or(false) || stated; }

void SnapshotBuilder::reserve(std::size_t count) {
  const std::size_t total = snapshot_.users.size() + count;
  snapshot_.users.reserve(total);
  origins_.reserve(total);
  duplicates_.reserve(total);
}

void SnapshotBuilder::add(model::User user, std::size_t line) {
  duplicates_.add(user.user_name);
  origins_.push_back(Origin{files_.size() - 1, line});
  snapshot_.users.push_back(std::move(user));
}

void SnapshotBuilder::reject_duplicates() {
  const auto sets = duplicates_.duplicates(
      [this](std::size_t i) { return model::normalise_user_name(snapshot_.users[i].user_name); });
  if (sets.empty()) return;
  std::vector<bool> dropped(snapshot_.users.size(), false);
  const auto message = [this](std::size_t user, std::size_t other, std::string_view suffix) {
    return error_at(origins_[user], "userName " + quoted_excerpt(snapshot_.users[user].user_name) +
                                        " appears twice: also at " + where(origins_[other]) + std::string(suffix));
  };
  for (const auto& users : sets) {
    const std::size_t first = users.front();
    if (on_error_ == OnError::skip) {
      dropped[first] = true;
      reject(message(first, users[1], "; both skipped"));
    }
    for (std::size_t k = 1; k < users.size(); ++k) {
      dropped[users[k]] = true;
      reject(message(users[k], first, on_error_ == OnError::skip ? "; both skipped" : ""));
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < snapshot_.users.size(); ++i)
    if (!dropped[i]) snapshot_.users[kept++] = std::move(snapshot_.users[i]);
  snapshot_.users.resize(kept);
}

snapshot::Snapshot SnapshotBuilder::finish() {
  throw_if_stop_requested();
  reject_duplicates();
  // Records come in file order, but duplicates are found at the end: put the messages back in order.
  const auto file_rank = [this](const std::string& file) {
    return static_cast<std::size_t>(std::find(files_.begin(), files_.end(), file) - files_.begin());
  };
  std::stable_sort(errors_.begin(), errors_.end(), [&](const snapshot::SourceError& a, const snapshot::SourceError& b) {
    const auto rank_a = file_rank(a.file), rank_b = file_rank(b.file);
    return rank_a != rank_b ? rank_a < rank_b : a.line < b.line;
  });
  snapshot_.no_active_column = active_stated_.has_value() && !*active_stated_;
  if (on_error_ == OnError::fail) {
    if (errors_.size() > kMaxErrors) {
      errors_.resize(kMaxErrors);
      stopped_ = true;
    }
    if (!errors_.empty()) throw SourceFailure(std::move(errors_), stopped_);
    return std::move(snapshot_);
  }
  snapshot_.skipped = std::move(errors_);
  return std::move(snapshot_);
}

}  // namespace oss::source
