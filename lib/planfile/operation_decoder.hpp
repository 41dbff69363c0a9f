#pragma once
// The plan file's operations read back into plan values: the inverse of plan::operation_to_json (render_json.hpp).
#include "planfile/json_field.hpp"
#include "plan/plan.hpp"

namespace oss::planfile {

plan::Operation decode_operation(const JsonField& element);
plan::Withheld decode_withheld(const JsonField& element);
plan::WithheldKind decode_withheld_kind(const JsonField& kind);
plan::GoneUser decode_gone(const JsonField& element);

}  // namespace oss::planfile
