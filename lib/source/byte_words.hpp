#pragma once
// Eight bytes at a time: the bit tricks the text check and the CSV tokenizer share.
#include <cstdint>

namespace oss::source {

inline constexpr std::uint64_t kEveryByte = 0x0101010101010101ULL;  // times a byte: that byte in all eight places
inline constexpr std::uint64_t kHighBitOfEveryByte = kEveryByte << 7;

// The high bit of each byte of `word` that is zero. Exact for the lowest such byte (a borrow can only mark bytes
// above a real zero), which is what a scan for the first one wants; "any" is exact too.
constexpr std::uint64_t zero_bytes(std::uint64_t word) { return (word - kEveryByte) & ~word & kHighBitOfEveryByte; }

}  // namespace oss::source
