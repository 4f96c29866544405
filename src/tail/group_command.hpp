#pragma once

// fiberlog-tail without --follow: index the inputs, then print them group by group.

#include <cstdint>

#include "options.hpp"
#include "output.hpp"

namespace fiberlog::tail {

// Prints the inputs of `o` grouped, as text, JSON lines or counts. Returns how many lines were
// no record. Throws io_error and output_closed.
std::uint64_t run_grouping(const options& o, output& out);

}  // namespace fiberlog::tail
