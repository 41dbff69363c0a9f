#include "source/csv/csv_tokenizer.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "source/byte_words.hpp"

namespace oss::source {

namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// An input of known size smaller than a chunk gets a buffer its size (plus the byte that lets one read see the end):
// a 2 KB file need not zero a megabyte. An unknown size (0) gets a whole chunk.
std::size_t initial_buffer_size(const ByteReader& input) {
  constexpr std::size_t kSmallest = 256;
  const std::size_t size = input.size_hint();
  return size == 0 ? CsvTokenizer::kChunkSize : std::clamp(size + 1, kSmallest, CsvTokenizer::kChunkSize);
}

static_assert(std::endian::native == std::endian::little, "the word scan takes the first byte as the lowest");

}  // namespace

CsvTokenizer::CsvTokenizer(ByteReader& input, char delimiter, char quote)
    : input_(input),
      delimiter_(delimiter),
      quote_(quote),
      delimiter_in_every_byte_(kEveryByte * static_cast<unsigned char>(delimiter)),
      buffer_(initial_buffer_size(input)) {
  ends_field_[static_cast<unsigned char>(delimiter)] = true;
  ends_field_[static_cast<unsigned char>('\n')] = true;
  ends_field_[static_cast<unsigned char>('\r')] = true;
}

bool CsvTokenizer::refill() {
  if (end_of_input_) return false;
  const std::size_t pending = end_ - position_;
  if (position_ > 0 && pending > 0) std::memmove(buffer_.data(), buffer_.data() + position_, pending);
  discarded_ += position_;
  position_ = 0;
  end_ = pending;
  // A record longer than the buffer: double it, so rescanning that record costs O(length) in total.
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t got = input_.read(buffer_.data() + end_, buffer_.size() - end_);
  if (got == 0) {
    end_of_input_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool CsvTokenizer::skip_blank_lines() {
  while (position_ < end_) {
    const char c = buffer_[position_];
    if (c == '\n') {
      ++position_, ++line_;
    } else if (c == '\r') {
      if (position_ + 1 == end_ && !end_of_input_) return false;
      const bool crlf = position_ + 1 < end_ && buffer_[position_ + 1] == '\n';
      position_ += crlf ? 2 : 1;
      ++line_;
    } else {
      return true;
    }
  }
  return end_of_input_;
}

CsvStatus CsvTokenizer::next(CsvRecord& record) {
  for (;;) {
    if (!started_) {
      // The byte order mark can only be judged once three bytes are in (or the input is shorter).
      if (end_ - position_ < kByteOrderMark.size() && refill()) continue;
      started_ = true;
      if (std::string_view(buffer_.data() + position_, end_ - position_).starts_with(kByteOrderMark))
        position_ += kByteOrderMark.size();
    }
    if (!skip_blank_lines()) {
      refill();
      continue;
    }
    if (position_ == end_) {
      if (refill()) continue;
      return CsvStatus::end_of_input;
    }
    switch (parse_record(record)) {
      case Parse::complete: return CsvStatus::record;
      case Parse::unterminated_quote: return CsvStatus::unterminated_quote;
      case Parse::need_more: refill(); break;  // at the end of input the next parse closes the record
    }
  }
}

// Scans one record from position_ without consuming anything until the record is complete, so that it can start
// over after a refill. Line breaks inside quoted fields count towards the physical line number.
CsvTokenizer::Parse CsvTokenizer::parse_record(CsvRecord& record) {
  const char* const data = buffer_.data();
  std::size_t p = position_;
  std::size_t line = line_;
  record.fields.clear();
  doubled_quote_fields_.clear();
  record.text_after_quote_field = CsvRecord::npos;

  for (;;) {
    if (p < end_ && data[p] == quote_) {
      const std::size_t quote_line = line;
      const std::size_t begin = ++p;
      bool doubled = false;
      for (;;) {
        const void* found = p < end_ ? std::memchr(data + p, quote_, end_ - p) : nullptr;
        const std::size_t stop = found ? static_cast<std::size_t>(static_cast<const char*>(found) - data) : end_;
        for (std::size_t k = p; k < stop; ++k) line += data[k] == '\n';
        p = stop;
        if (p == end_) {
          if (!end_of_input_) return Parse::need_more;
          record.line = quote_line;  // record.fields holds the fields before the unterminated one
          return Parse::unterminated_quote;
        }
        if (p + 1 == end_ && !end_of_input_) return Parse::need_more;  // is it `""` or the closing quote?
        if (p + 1 < end_ && data[p + 1] == quote_) {
          doubled = true;
          p += 2;
          continue;
        }
        break;
      }
      if (doubled) doubled_quote_fields_.push_back(record.fields.size());
      record.fields.emplace_back(data + begin, p - begin);
      ++p;  // the closing quote
      if (p < end_ && !ends_field_[static_cast<unsigned char>(data[p])]) {
        if (record.text_after_quote_field == CsvRecord::npos) record.text_after_quote_field = record.fields.size() - 1;
        while (p < end_ && !ends_field_[static_cast<unsigned char>(data[p])]) ++p;
      }
    } else {
      const std::size_t begin = p;
      p = unquoted_field_end(data, p);
      record.fields.emplace_back(data + begin, p - begin);
    }

    if (p == end_) {
      if (!end_of_input_) return Parse::need_more;
      break;  // the last record has no line break
    }
    const char c = data[p];
    if (c == delimiter_) {
      ++p;
      continue;
    }
    if (c == '\r') {
      if (p + 1 == end_ && !end_of_input_) return Parse::need_more;
      p += (p + 1 < end_ && data[p + 1] == '\n') ? 2 : 1;
    } else {
      ++p;  // '\n'
    }
    ++line;
    break;
  }

  record.line = line_;
  record.text = std::string_view(data + position_, p - position_);
  position_ = p;
  line_ = line;
  fold_doubled_quotes(record);
  return Parse::complete;
}

// Sixteen bytes at a time where the CPU has SSE2 (every x86-64 does: an email address is usually settled in one or
// two steps), then eight at a time while eight are left, then byte by byte.
std::size_t CsvTokenizer::unquoted_field_end(const char* data, std::size_t p) const {
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; p + 16 <= end_; p += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const __m128i stops = _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter),
                                       _mm_or_si128(_mm_cmpeq_epi8(bytes, lf), _mm_cmpeq_epi8(bytes, cr)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stops)); mask != 0)
      return p + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  constexpr std::uint64_t kLf = kEveryByte * '\n';
  constexpr std::uint64_t kCr = kEveryByte * '\r';
  for (; p + 8 <= end_; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + p, sizeof word);
    const std::uint64_t stops = zero_bytes(word ^ delimiter_in_every_byte_) | zero_bytes(word ^ kLf) | zero_bytes(word ^ kCr);
    if (stops != 0) return p + static_cast<std::size_t>(std::countr_zero(stops) / 8);
  }
  while (p < end_ && !ends_field_[static_cast<unsigned char>(data[p])]) ++p;
  return p;
}

// Folds doubled quotes in place (the record is complete, so its bytes are never scanned again).
void CsvTokenizer::fold_doubled_quotes(CsvRecord& record) {
  for (const std::size_t index : doubled_quote_fields_) {
    std::string_view& field = record.fields[index];
    char* const begin = buffer_.data() + (field.data() - buffer_.data());
    std::size_t write = 0;
    for (std::size_t read = 0; read < field.size(); ++read) {
      begin[write++] = field[read];
      if (field[read] == quote_) ++read;  // skip the second quote of the pair
    }
    field = std::string_view(begin, write);
  }
}

}  // namespace oss::source
