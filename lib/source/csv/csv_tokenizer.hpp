#pragma once
// RFC 4180 records from a byte stream: quoted fields, doubled quotes, delimiters and line breaks inside quotes,
// LF, CRLF or CR line endings, a UTF-8 byte order mark at the very start. The input is read in 1 MiB chunks (or
// one read, for a smaller input of known size) into one buffer that grows only for a record longer than itself, and fields are string_views into that buffer:
// no allocation per field or per row once the buffer and the field list have warmed up.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "source/byte_reader.hpp"

namespace oss::source {

struct CsvRecord {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::size_t line = 0;                   // physical line (1-based) where the record starts
  std::vector<std::string_view> fields;   // valid until the next call to CsvTokenizer::next
  // The record's bytes from its first to its line break, quotes and delimiters included (doubled quotes inside
  // may have been folded in place): a check that finds nothing here finds nothing in any field. Valid as `fields`.
  std::string_view text;
  // The first field with text after its closing quote (`"a"b`), which RFC 4180 forbids; npos when none.
  std::size_t text_after_quote_field = npos;
};

enum class CsvStatus {
  record,              // `record` holds the next record
  end_of_input,
  // The input ended inside a quoted field: `record.line` is the line where that field's quote opened and
  // `record.fields.size()` its index.
  unterminated_quote,
};

class CsvTokenizer {
 public:
  static constexpr std::size_t kChunkSize = std::size_t{1} << 20;

  CsvTokenizer(ByteReader& input, char delimiter, char quote);

  // Completely empty lines are skipped: they carry no record.
  CsvStatus next(CsvRecord& record);

  // Bytes of input behind the last record returned.
  [[nodiscard]] std::size_t bytes_consumed() const { return discarded_ + position_; }

 private:
  enum class Parse { complete, need_more, unterminated_quote };

  Parse parse_record(CsvRecord& record);
  // Where the unquoted field at `p` ends: its first delimiter, CR or LF, or end_.
  std::size_t unquoted_field_end(const char* data, std::size_t p) const;
  bool skip_blank_lines();  // false when more input is needed to decide
  void fold_doubled_quotes(CsvRecord& record);
  // Moves the unconsumed bytes to the front, grows the buffer if they fill it, reads more. False at end of input.
  bool refill();

  ByteReader& input_;
  const char delimiter_;
  const char quote_;
  bool ends_field_[256] = {};  // delimiter, CR, LF: the bytes that stop an unquoted field
  std::uint64_t delimiter_in_every_byte_;

  std::vector<char> buffer_;
  std::size_t discarded_ = 0;  // bytes of input dropped from the front of the buffer
  std::size_t position_ = 0;   // start of the first unconsumed byte
  std::size_t end_ = 0;       // end of the bytes read so far
  bool end_of_input_ = false;
  bool started_ = false;      // the byte order mark is only looked for at the very start
  std::size_t line_ = 1;      // physical line at position_

  // The fields of the record being parsed that hold `""` pairs to fold to one quote; reused from record to record.
  std::vector<std::size_t> doubled_quote_fields_;
};

}  // namespace oss::source
