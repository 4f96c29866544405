#pragma once

// The indexing pass of the grouping modes: reads the merged inputs once, filters, and files
// each kept line under its group.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "filter.hpp"
#include "index.hpp"
#include "input.hpp"

namespace fiberlog::tail {

struct scan_options {
    std::optional<std::string> by;  // group by this context key instead of by fiber
    // When set, only the records of these fibers are kept (--tree's subtree).
    const std::unordered_set<std::uint64_t>* fibers = nullptr;
};

struct scan_result {
    log_index index;
    std::uint64_t unparsed = 0;  // the kept lines that are no record (nor a continuation)
};

// Throws io_error.
scan_result scan(const std::vector<input>& inputs, const scan_options& options,
                 const record_filter& filter);

}  // namespace fiberlog::tail
