#include "model/user_name_key.hpp"

#include <algorithm>
#include <cstring>

#include "model/user.hpp"

namespace oss::model {

namespace {

// Must agree with model::normalise_user_name (the unit tests check it on a corpus).
constexpr unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

// Folds the ASCII capitals of eight bytes at once (the "SWAR" trick): a byte gets 0x20 added when it lies in
// 'A'..'Z'; bytes >= 0x80 (UTF-8) are left alone.
constexpr std::uint64_t fold8(std::uint64_t bytes) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
  const std::uint64_t low7 = bytes & ~high_bits;
  const std::uint64_t above_z = low7 + (0x7F - 'Z') * ones;     // high bit set where the byte > 'Z'
  const std::uint64_t from_a = low7 + (0x80 - 'A') * ones;      // high bit set where the byte >= 'A'
  const std::uint64_t upper = ~bytes & (from_a ^ above_z) & high_bits;
  return bytes | (upper >> 2);
}

constexpr std::uint64_t mix(std::uint64_t h) {
  // The finaliser of MurmurHash3: spreads every input bit over the whole word.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

std::uint64_t user_name_hash(std::string_view user_name) {
  const std::string_view key = trim(user_name);
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ key.size();
  std::size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, key.data() + i, 8);
    h = (h ^ fold8(chunk)) * 0x100000001B3ULL;
    h ^= h >> 29;
  }
  if (const std::size_t rest = key.size() - i; rest > 0) {
    // The last 1-7 bytes as a zero-padded word, without a variable-length memcpy (a library call): a name of 8
    // bytes or more reloads its last eight and shifts out those already hashed.
    std::uint64_t chunk = 0;
    if (key.size() >= 8) {
      std::memcpy(&chunk, key.data() + key.size() - 8, 8);
      chunk >>= 8 * (8 - rest);
    } else {
      for (std::size_t k = 0; k < rest; ++k) chunk |= std::uint64_t{static_cast<unsigned char>(key[i + k])} << (8 * k);
    }
    h = (h ^ fold8(chunk)) * 0x100000001B3ULL;
  }
  return mix(h);
}

bool same_user_name(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the usual case, one memcmp
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(static_cast<unsigned char>(a[i])) != fold(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool user_name_less(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return fold(static_cast<unsigned char>(x)) < fold(static_cast<unsigned char>(y));
  });
}

std::uint64_t folded_chunk(std::string_view bytes) {
  std::uint64_t chunk = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const unsigned char byte = i < bytes.size() ? fold(static_cast<unsigned char>(bytes[i])) : 0;
    chunk = (chunk << 8) | byte;
  }
  return chunk;
}

}  // namespace oss::model
