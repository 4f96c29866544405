#pragma once

// fiberlog-tail without --follow: index the inputs, then print them group by group.

#include <cstdint>

#include "options.hpp"
#include "output.hpp"
#include "summary.hpp"

namespace fiberlog::tail {

// Prints the inputs of `o` grouped, as text, JSON lines or counts. An input that cannot be
// opened is reported and left out. Throws io_error and output_closed.
run_summary run_grouping(const options& o, output& out);

}  // namespace fiberlog::tail
