#include "source/csv/csv_reader.hpp"

#include <algorithm>

#include "source/active_words.hpp"
#include "source/csv/csv_columns.hpp"
#include "source/csv/csv_tokenizer.hpp"
#include "source/group_names.hpp"
#include "source/source_failure.hpp"
#include "source/text_check.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

namespace {

class RowMapper {
 public:
  RowMapper(const CsvColumns& columns, const std::string& file, SnapshotBuilder& builder, char groups_separator,
            const ActiveWords& active_words)
      : columns_(columns),
        file_(file),
        builder_(builder),
        groups_separator_(groups_separator),
        active_words_(active_words) {}

  void map(const CsvRecord& row) {
    const auto& fields = row.fields;
    if (fields.size() != columns_.field_count) {
      reject(row, "", "the row has " + std::to_string(fields.size()) + " fields, the header has " +
                          std::to_string(columns_.field_count));
      return;
    }
    // Every field is checked, used or not: a broken byte anywhere means the file is not what it claims to be.
    // Most rows are plain ASCII, which one pass over the whole row settles for all its fields at once.
    bool clean = true;
    if (row.text.size() >= kMaxFieldBytes || !is_plain_ascii(row.text)) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (const auto issue = find_text_issue(fields[i])) {
          reject(row, columns_.headers[i], describe(*issue));
          clean = false;
        }
      }
    }
    if (row.text_after_quote_field != CsvRecord::npos) {
      reject(row, columns_.headers[row.text_after_quote_field],
             "text after the closing quote (a quote inside a quoted field is written twice: \"\")");
      clean = false;
    }
    if (!clean) return;

    const auto user_name = checked_user_name(fields[columns_.user_name]);
    if (!user_name)
      reject(row, columns_.headers[columns_.user_name],
             "not an email address: " + quoted_excerpt(fields[columns_.user_name]));
    std::optional<bool> active = true;  // without an active column, everyone listed is active
    if (columns_.active) {
      active = active_words_.parse(fields[*columns_.active]);
      if (!active) reject(row, columns_.headers[*columns_.active], active_words_.rejection(fields[*columns_.active]));
    }
    if (!user_name || !active) return;

    model::User user;
    user.user_name = *user_name;
    user.display_name =
        display_name_or_default(columns_.display_name ? fields[*columns_.display_name] : std::string_view{}, *user_name);
    user.active = *active;
    attribute_texts_.clear();
    for (const auto& attribute : columns_.attributes) {
      // An empty cell means "no value": a spreadsheet cannot tell an empty string from a missing one.
      const auto value = fields[attribute.index];
      if (!value.empty()) attribute_texts_.emplace_back(attribute.name, value);
    }
    user.attributes = model::Attributes::from_sorted_texts(attribute_texts_);
    if (columns_.groups) user.groups = split_group_names(fields[*columns_.groups], groups_separator_);
    builder_.add(std::move(user), row.line);
  }

 private:
  void reject(const CsvRecord& row, const std::string& column, std::string message) {
    builder_.reject(snapshot::SourceError{file_, row.line, column, std::move(message)});
  }

  const CsvColumns& columns_;
  const std::string& file_;
  SnapshotBuilder& builder_;
  char groups_separator_;
  const ActiveWords& active_words_;
  std::vector<std::pair<model::AttributeName, std::string_view>> attribute_texts_;  // reused from row to row
};

// Rows sampled before the users vector is sized for the whole file.
constexpr std::size_t kRowsToEstimateFrom = 1000;
// Bounds on the estimate, so that a file of short rows followed by long ones cannot make us reserve gigabytes:
// no valid row is shorter than `a@b.co` and a line break, and beyond the cap the vector simply grows.
constexpr std::size_t kShortestRowBytes = 7;
constexpr std::size_t kMostUsersReserved = 10'000'000;

// Growing a vector of a million users by doubling touches twice the memory it ends with, and page faults are a
// good part of the read time: size it once from the first rows' average length.
void reserve_for_estimate(std::size_t input_size, std::size_t header_bytes, const CsvTokenizer& tokenizer,
                          std::size_t rows, SnapshotBuilder& builder) {
  const std::size_t consumed = tokenizer.bytes_consumed();
  if (rows == 0 || input_size <= consumed) return;
  const std::size_t average_row = std::max<std::size_t>(1, (consumed - header_bytes) / rows);
  const std::size_t remaining = input_size - consumed;
  std::size_t estimate = remaining / average_row;
  estimate += estimate / 16;  // a little slack: later rows may be shorter
  builder.reserve(std::min({estimate, remaining / kShortestRowBytes, kMostUsersReserved}));
}

[[noreturn]] void fail_unterminated(const CsvRecord& record, const std::string& file, const std::string& column) {
  throw SourceFailure(snapshot::SourceError{file, record.line, column,
                                            "the quoted field opened on this line is never closed"});
}

}  // namespace

void read_csv_into(ByteReader& input, const std::string& file, const SourceOptions& options,
                   SnapshotBuilder& builder) {
  builder.begin_file(file);
  CsvTokenizer tokenizer(input, options.delimiter, options.quote);
  CsvRecord record;
  switch (tokenizer.next(record)) {
    case CsvStatus::end_of_input:
      throw SourceFailure(snapshot::SourceError{file, 0, "", "the file is empty: a header row is required"});
    case CsvStatus::unterminated_quote: fail_unterminated(record, file, "");
    case CsvStatus::record: break;
  }
  const CsvColumns columns = map_columns(record, options, file);
  builder.note_active_status(columns.active.has_value());

  const ActiveWords active_words(options.active_map);
  RowMapper mapper(columns, file, builder, options.groups_separator, active_words);
  const std::size_t header_bytes = tokenizer.bytes_consumed();
  for (std::size_t rows = 0; !builder.should_stop(); ++rows) {
    if (rows == kRowsToEstimateFrom) reserve_for_estimate(input.size_hint(), header_bytes, tokenizer, rows, builder);
    const CsvStatus status = tokenizer.next(record);
    if (status == CsvStatus::end_of_input) break;
    if (status == CsvStatus::unterminated_quote) {
      const std::size_t index = record.fields.size();
      fail_unterminated(record, file, index < columns.headers.size() ? columns.headers[index] : std::string());
    }
    mapper.map(record);
  }
}

snapshot::Snapshot read_csv_file(const std::filesystem::path& file, const SourceOptions& options) {
  FileByteReader input(file);
  SnapshotBuilder builder(options.on_error, file.string(), options.stop);
  read_csv_into(input, file.string(), options, builder);
  return builder.finish();
}

snapshot::Snapshot read_csv_text(std::string_view text, std::string_view origin_name, const SourceOptions& options) {
  TextByteReader input(text);
  SnapshotBuilder builder(options.on_error, std::string(origin_name), options.stop);
  read_csv_into(input, std::string(origin_name), options, builder);
  return builder.finish();
}

}  // namespace oss::source
