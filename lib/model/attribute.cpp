#include "model/attribute.hpp"

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace oss::model {

// The encoding, entry after entry:  name handle (the interned string's address, 8 bytes)  value
//   value  = kind byte, then:  text: length (LEB128), bytes | number: 8 bytes | flag: 1 byte |
//            list: count (LEB128), then each element as a value (text, number or flag)
namespace {

enum class Kind : char { text, number, flag, list };

using Name = const detail::InternedName*;

// LEB128: seven bits a byte, low first, the high bit set on every byte but the last.
char* write_length(char* out, std::size_t length) {
  do {
    const auto low = static_cast<unsigned char>(length & 0x7F);
    length >>= 7;
    *out++ = static_cast<char>(length ? (low | 0x80) : low);
  } while (length);
  return out;
}

void write_length(std::string& out, std::size_t length) {
  char bytes[10];
  out.append(bytes, write_length(bytes, length));
}

std::size_t length_size(std::size_t length) {
  std::size_t bytes = 1;
  while (length >>= 7) ++bytes;
  return bytes;
}

// An entry's name: the interned handle's address.
char* write_name(char* out, Name handle) {
  std::memcpy(out, &handle, sizeof handle);
  return out + sizeof handle;
}

// A text value: its kind, its length, its bytes. Both the CSV reader's one-allocation builder and set() use it.
std::size_t text_size(std::size_t length) { return 1 + length_size(length) + length; }

char* write_text(char* out, std::string_view text) {
  *out++ = static_cast<char>(Kind::text);
  out = write_length(out, text.size());
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

std::size_t read_length(const char*& in) {
  std::size_t length = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*in++);
    length |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return length;
  }
}

void write_scalar(std::string& out, const AttributeScalar& scalar) {
  if (const auto* text = std::get_if<std::string>(&scalar)) {
    const std::size_t at = out.size();
    out.resize(at + text_size(text->size()));
    write_text(out.data() + at, *text);
  } else if (const auto* number = std::get_if<double>(&scalar)) {
    out.push_back(static_cast<char>(Kind::number));
    out.append(reinterpret_cast<const char*>(number), sizeof *number);
  } else {
    out.push_back(static_cast<char>(Kind::flag));
    out.push_back(std::get<bool>(scalar) ? 1 : 0);
  }
}

void write_value(std::string& out, const AttributeValue& value) {
  if (const auto* list = std::get_if<AttributeList>(&value)) {
    out.push_back(static_cast<char>(Kind::list));
    write_length(out, list->size());
    for (const AttributeScalar& element : *list) write_scalar(out, element);
    return;
  }
  std::visit(
      [&](const auto& held) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(held)>, AttributeList>) write_scalar(out, held);
      },
      value);
}

AttributeScalar read_scalar(const char*& in) {
  switch (static_cast<Kind>(*in++)) {
    case Kind::text: {
      const std::size_t length = read_length(in);
      std::string text(in, length);
      in += length;
      return text;
    }
    case Kind::number: {
      double number;
      std::memcpy(&number, in, sizeof number);
      in += sizeof number;
      return number;
    }
    case Kind::flag: return *in++ != 0;
    case Kind::list: break;
  }
  throw std::logic_error("corrupt attribute encoding");
}

AttributeValue read_value(const char*& in) {
  if (static_cast<Kind>(*in) != Kind::list)
    return std::visit([](auto&& scalar) { return AttributeValue{std::move(scalar)}; }, read_scalar(in));
  ++in;
  AttributeList list(read_length(in));
  for (AttributeScalar& element : list) element = read_scalar(in);
  return list;
}

// Past one encoded value (a list: past all its elements).
const char* skip_value(const char* in) {
  const auto kind = static_cast<Kind>(*in++);
  switch (kind) {
    case Kind::text: {
      const std::size_t length = read_length(in);
      return in + length;
    }
    case Kind::number: return in + sizeof(double);
    case Kind::flag: return in + 1;
    case Kind::list: {
      for (std::size_t count = read_length(in); count > 0; --count) in = skip_value(in);
      return in;
    }
  }
  throw std::logic_error("corrupt attribute encoding");
}

// As AttributeValue's operator== would compare the decoded values: numbers as doubles (0 equals -0, NaN equals
// nothing), everything else by its bytes.
bool same_encoded_value(const char* a, const char* b) {
  const auto kind = static_cast<Kind>(*a);
  if (kind != static_cast<Kind>(*b)) return false;
  ++a, ++b;
  switch (kind) {
    case Kind::text: {
      const std::size_t length = read_length(a);
      return read_length(b) == length && std::memcmp(a, b, length) == 0;
    }
    case Kind::number: {
      double x, y;
      std::memcpy(&x, a, sizeof x);
      std::memcpy(&y, b, sizeof y);
      return x == y;
    }
    case Kind::flag: return *a == *b;
    case Kind::list: {
      std::size_t count = read_length(a);
      if (read_length(b) != count) return false;
      for (; count > 0; --count, a = skip_value(a), b = skip_value(b))
        if (!same_encoded_value(a, b)) return false;
      return true;
    }
  }
  return false;
}

Name name_at(const char* entry) {
  Name name;
  std::memcpy(&name, entry, sizeof name);
  return name;
}

const char* value_at(const char* entry) { return entry + sizeof(Name); }
const char* next_entry(const char* entry) { return skip_value(value_at(entry)); }

}  // namespace

AttributeName StoredAttribute::name() const { return AttributeName(name_at(entry_)); }

AttributeValue StoredAttribute::value() const {
  const char* in = value_at(entry_);
  return read_value(in);
}

bool StoredAttribute::same_value(const StoredAttribute& other) const {
  return same_encoded_value(value_at(entry_), value_at(other.entry_));
}

Attributes::const_iterator& Attributes::const_iterator::operator++() {
  entry_ = next_entry(entry_);
  return *this;
}

Attributes::~Attributes() { count_names(-1); }

Attributes& Attributes::operator=(Attributes&& other) noexcept {
  if (this != &other) {
    count_names(-1);
    block_ = std::move(other.block_);
  }
  return *this;
}

// Each entry holds its name (see attribute_name.hpp): counted when a block is made, uncounted when it goes.
void Attributes::count_names(int delta) const {
  const char* const end = entries_end();
  for (const char* entry = entries_begin(); entry != end; entry = next_entry(entry)) {
    if (delta > 0) name_at(entry)->holders.fetch_add(1, std::memory_order_relaxed);
    else name_at(entry)->holders.fetch_sub(1, std::memory_order_release);
  }
}

Attributes::Attributes(const Attributes& other) { assign(std::string_view(other.entries_begin(), other.encoded_size())); }

Attributes& Attributes::operator=(const Attributes& other) {
  if (this != &other) assign(std::string_view(other.entries_begin(), other.encoded_size()));
  return *this;
}

std::size_t Attributes::encoded_size() const {
  if (!block_) return 0;
  const char* in = block_.get();
  return read_length(in);
}

const char* Attributes::entries_begin() const {
  if (!block_) return nullptr;
  const char* in = block_.get();
  read_length(in);
  return in;
}

void Attributes::assign(std::string_view entries) {
  count_names(-1);
  if (entries.empty()) {
    block_.reset();
    return;
  }
  // The size as a LEB128 prefix: one byte for the usual few attributes, so a small block stays in the smallest
  // allocation it can.
  auto block = std::make_unique_for_overwrite<char[]>(length_size(entries.size()) + entries.size());
  std::memcpy(write_length(block.get(), entries.size()), entries.data(), entries.size());
  block_ = std::move(block);
  count_names(+1);
}

namespace {
// Entries are encoded here before they are copied into their block: reused, so that building costs one allocation.
std::string& encoding_buffer() {
  thread_local std::string buffer;
  buffer.clear();
  return buffer;
}

void write_name(std::string& out, Name name) {
  char bytes[sizeof(Name)];
  out.append(bytes, write_name(bytes, name));
}
}  // namespace

// Encoded straight into the block, sized first: this runs for every row of a CSV source.
Attributes Attributes::from_sorted_texts(std::span<const std::pair<AttributeName, std::string_view>> entries) {
  Attributes attributes;
  if (entries.empty()) return attributes;
  std::size_t size = 0;
  for (const auto& entry : entries) size += sizeof(Name) + text_size(entry.second.size());
  auto block = std::make_unique_for_overwrite<char[]>(length_size(size) + size);
  char* out = write_length(block.get(), size);
  for (const auto& [name, text] : entries) out = write_text(write_name(out, name.name_), text);
  attributes.block_ = std::move(block);
  attributes.count_names(+1);
  return attributes;
}

void Attributes::set(AttributeName name, const AttributeValue& value) {
  const Name key = name.name_;
  const char* const first = entries_begin();
  const char* const last = entries_end();
  const char* at = first;
  while (at != last && name_at(at) != key && name_at(at)->text < key->text) at = next_entry(at);
  const char* const rest = (at != last && name_at(at) == key) ? next_entry(at) : at;  // skips a replaced entry

  std::string& entries = encoding_buffer();
  entries.assign(first, at);
  write_name(entries, key);
  write_value(entries, value);
  entries.append(rest, last);
  assign(entries);
}

std::optional<AttributeValue> Attributes::find(std::string_view reference) const {
  for (const StoredAttribute attribute : *this)
    if (attribute.reference() == reference) return attribute.value();
  return std::nullopt;
}

std::size_t Attributes::size() const {
  std::size_t count = 0;
  for (auto it = begin(); it != end(); ++it) ++count;
  return count;
}

bool Attributes::same_encoding(const Attributes& other) const {
  if (!block_ || !other.block_) return !block_ && !other.block_;
  const std::size_t size = encoded_size();
  return size == other.encoded_size() && std::memcmp(entries_begin(), other.entries_begin(), size) == 0;
}

bool operator==(const Attributes& a, const Attributes& b) {
  if (a.same_encoding(b)) return true;
  auto x = a.begin(), y = b.begin();
  for (; x != a.end() && y != b.end(); ++x, ++y)
    if ((*x).name() != (*y).name() || !(*x).same_value(*y)) return false;
  return x == a.end() && y == b.end();
}

namespace {
std::string scalar_to_display(const AttributeScalar& scalar) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return '"' + s + '"'; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
      return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
    }
  };
  return std::visit(Visitor{}, scalar);
}
}  // namespace

std::string to_display(const AttributeValue& value) {
  if (const auto* list = std::get_if<AttributeList>(&value)) {
    std::string out = "[";
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (i) out += ", ";
      out += scalar_to_display((*list)[i]);
    }
    return out + "]";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, AttributeList>) {
          return {};
        } else {
          return scalar_to_display(AttributeScalar{v});
        }
      },
      value);
}

}  // namespace oss::model
