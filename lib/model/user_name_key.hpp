#pragma once
// Hashing, equality and ordering of userNames under model::normalise_user_name's rule (trim ASCII white space,
// fold ASCII letters), computed on the raw text without allocating a normalised copy: the planner meets two
// million names per run, the source's duplicate check one per row, and most are already in normal form.
#include <cstdint>
#include <string_view>

namespace oss::model {

// Equal for two names whose normalised forms are equal.
std::uint64_t user_name_hash(std::string_view user_name);

// normalise_user_name(a) == normalise_user_name(b)
bool same_user_name(std::string_view a, std::string_view b);

// normalise_user_name(a) < normalise_user_name(b), byte-wise as std::string compares.
bool user_name_less(std::string_view a, std::string_view b);

// The first 8 bytes of `bytes` with ASCII letters folded, big-endian and zero-padded (no trimming): comparing two
// chunks orders two byte strings as their folded forms compare whenever the chunks differ.
std::uint64_t folded_chunk(std::string_view bytes);

}  // namespace oss::model
