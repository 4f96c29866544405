#pragma once

// Padding for fiberlog's own flag formatters. spdlog pads its built-in flags itself but
// leaves a custom flag's padding to the flag, so ours do it the way spdlog's built-ins do.

#include <string_view>

#include <spdlog/pattern_formatter.h>

namespace fiberlog::detail {

// Appends `text` padded with spaces to the padding's width on its side (center: the odd
// space goes right), or cut to the width when it is longer and the padding truncates, as
// spdlog's scoped_padder does; just `text` when padding is off.
void append_padded(spdlog::memory_buf_t& dest, std::string_view text,
                   const spdlog::details::padding_info& padding);

}  // namespace fiberlog::detail
