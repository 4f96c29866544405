#pragma once

// The check of context keys (the rule is log_format::key_error()), in one place for every
// entry point that takes one.

#include <string_view>

namespace fiberlog::detail {

// Throws std::invalid_argument naming `key` unless it is 1 to 128 bytes of letters, digits,
// '_', '.' and '-'.
void validate_key(std::string_view key);

}  // namespace fiberlog::detail
