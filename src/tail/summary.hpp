#pragma once

// What a run of fiberlog-tail reports when it ends, and so its exit status.

#include <cstdint>

namespace fiberlog::tail {

struct run_summary {
    std::uint64_t unparsed = 0;  // printed lines that were no record
    bool input_failed = false;   // an input could not be opened or read (already reported)
    int stop_signal = 0;         // the signal that ended --follow (SIGINT, SIGTERM), or 0
};

}  // namespace fiberlog::tail
