#pragma once
// Collects the users a read produces, one file after another, and applies the rules that span records:
// the on_error policy, the error limit, and one userName per person across every file of the source.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "snapshot/snapshot.hpp"
#include "source/source_options.hpp"
#include "source/duplicate_finder.hpp"

namespace oss::source {

class SnapshotBuilder {
 public:
  // Under `on_error: fail`, reading stops after this many errors: the first ones are what a person fixes first,
  // and a million-row file of the wrong shape should not produce a million messages.
  static constexpr std::size_t kMaxErrors = 20;

  // `stop`: see SourceOptions::stop.
  SnapshotBuilder(OnError on_error, std::string origin, std::stop_token stop = {});

  // The file whose records follow; errors and duplicate messages name it.
  void begin_file(std::string file);

  // A record that cannot be used. Under fail it is collected for the SourceFailure; under skip the record is left
  // out and listed in Snapshot::skipped (one entry per problem).
  void reject(snapshot::SourceError error);
  // Under fail, once kMaxErrors are collected: reading on is wasted work. Also once a stop is requested.
  [[nodiscard]] bool should_stop() const { return stopped_ || stop_requested(); }
  [[nodiscard]] bool stop_requested() const { return stop_.stop_requested(); }
  // Throws SourceStopped when a stop is requested: for a reader deep inside one record.
  void throw_if_stop_requested() const;

  // Room for `count` more users: a reader that can estimate its row count saves the vectors' regrowth.
  void reserve(std::size_t count);

  // Whether the current file states who is active: CSV once per file (it has an active column), records once per
  // record (it has an active field). A read where every file said no ends with Snapshot::no_active_column. Not
  // called by LDAP, whose active rule is configuration, not data.
  void note_active_status(bool stated);

  // A valid record from the current file at `line` (0 when the format has no lines).
  void add(model::User user, std::size_t line);

  // The snapshot, or SourceFailure with every collected error under fail, or SourceStopped when a stop was
  // requested (whatever was read by then is dropped: half a source must never look like a whole one).
  snapshot::Snapshot finish();

 private:
  // 8 bytes, kept for every user (a million at a time): room for 16 million files and 10^12 lines.
  struct Origin {
    std::uint64_t file : 24;
    std::uint64_t line : 40;
  };
  [[nodiscard]] std::string where(const Origin& origin) const;
  [[nodiscard]] snapshot::SourceError error_at(const Origin& origin, std::string message) const;

  OnError on_error_;
  std::stop_token stop_;
  std::vector<std::string> files_;
  std::vector<snapshot::SourceError> errors_;  // fail: the errors; skip: the skipped records
  bool stopped_ = false;
  std::optional<bool> active_stated_;  // nullopt: no reader said either way

  // Duplicates are reported when the read is complete, as errors under fail and by leaving out every copy under
  // skip (we cannot tell which record is right).
  void reject_duplicates();

  snapshot::Snapshot snapshot_;
  std::vector<Origin> origins_;  // parallel to snapshot_.users
  DuplicateFinder duplicates_;
};

}  // namespace oss::source
