#pragma once
// Which column of a CSV file feeds which user field: the header row read through `source.columns`.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_name.hpp"
#include "source/csv/csv_tokenizer.hpp"
#include "source/source_options.hpp"

namespace oss::source {

struct CsvColumns {
  struct Attribute {
    std::string reference;
    std::size_t index;
    model::AttributeName name{reference};  // interned once here rather than once per row
  };

  std::size_t field_count = 0;              // every row must have exactly this many fields
  std::size_t user_name = 0;
  std::optional<std::size_t> display_name;  // absent: every user gets the default display name
  std::optional<std::size_t> active;        // absent: everyone is active
  std::optional<std::size_t> groups;        // absent: nobody is in a group
  std::vector<Attribute> attributes;        // sorted by reference, so building a user's Attributes only appends
  std::vector<std::string> headers;         // the header row (trimmed), to name columns in messages
};

// Default headers are the field names themselves (userName, displayName, active, attributes.<reference>);
// `options.columns` renames them. Other columns are ignored. Throws SourceFailure, naming the header line, when
// a column userName needs (or any explicitly mapped column) is missing, a used header appears twice, a header is
// not valid text, or `options.columns` names a field users do not have.
CsvColumns map_columns(const CsvRecord& header, const SourceOptions& options, const std::string& file);

}  // namespace oss::source
