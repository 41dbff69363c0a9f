#include "source/text_check.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "model/utf8.hpp"
#include "source/byte_words.hpp"

namespace oss::source {

namespace {

// True when any of the eight bytes is non-ASCII or zero.
bool needs_slow_path(std::uint64_t word) {
  return (word & kHighBitOfEveryByte) != 0 || zero_bytes(word) != 0;
}

}  // namespace

bool is_plain_ascii(std::string_view text) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step where the CPU has SSE2 (every x86-64): a byte's high bit, or a zero byte, fails.
  const __m128i zero = _mm_setzero_si128();
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (_mm_movemask_epi8(_mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, zero))) != 0) return false;
  }
#endif
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    if (needs_slow_path(word)) return false;
  }
  std::uint64_t tail = 0x2020202020202020ULL;  // spaces: plain ASCII, so the padding never fails the test
  std::memcpy(&tail, text.data() + i, text.size() - i);
  return !needs_slow_path(tail);
}

std::optional<TextIssue> find_text_issue(std::string_view text) {
  if (text.size() > kMaxFieldBytes) return TextIssue{TextProblem::too_long, kMaxFieldBytes};
  std::size_t i = 0;
  const std::size_t size = text.size();
  while (i < size) {
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!needs_slow_path(word)) {
        i += 8;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0) return TextIssue{TextProblem::nul_byte, i};
    if (byte < 0x80) {
      ++i;
      continue;
    }
    const model::Utf8Sequence sequence = model::decode_utf8(text, i);
    if (sequence.length == 0) return TextIssue{TextProblem::invalid_utf8, i};
    if (sequence.code_point == 0xFEFF) return TextIssue{TextProblem::byte_order_mark, i};
    i += sequence.length;
  }
  return std::nullopt;
}

std::string describe(const TextIssue& issue) {
  const std::string where = " at byte " + std::to_string(issue.offset + 1);
  switch (issue.problem) {
    case TextProblem::invalid_utf8: return "invalid UTF-8" + where;
    case TextProblem::nul_byte: return "NUL byte" + where;
    case TextProblem::byte_order_mark:
      return "byte order mark (U+FEFF)" + where + " (two files joined together?)";
    case TextProblem::too_long:
      return "too long: more than " + std::to_string(kMaxFieldBytes) +
             " bytes (a lost quote that swallowed the rest of the file?)";
  }
  return "invalid text" + where;
}

}  // namespace oss::source
