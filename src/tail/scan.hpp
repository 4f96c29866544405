#pragma once

// The indexing pass of the grouping modes: reads the merged inputs once, in parallel chunks,
// filters, and files each kept line under its group.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chunk_merge.hpp"
#include "field.hpp"
#include "filter.hpp"
#include "index.hpp"
#include "input.hpp"

namespace fiberlog::tail {

// Fibers by the key of their source (source_keys).
using fiber_sets = std::unordered_map<std::string, std::unordered_set<std::uint64_t>>;

struct scan_options {
    std::optional<field_ref> by;  // group by this field instead of by fiber
    bool flat = false;            // --flat: every kept line in one group
    // When set, only the records of these fibers are kept (--tree's subtree).
    const fiber_sets* fibers = nullptr;
};

struct scan_result {
    log_index index;
    std::uint64_t unparsed = 0;  // the kept lines that are no record (nor a continuation)
};

// The index is the same whatever `reading` says: as if one thread read the merged inputs line
// after line. Throws io_error.
scan_result scan(const std::vector<input>& inputs, const scan_options& options,
                 const record_filter& filter, const read_options& reading = {});

}  // namespace fiberlog::tail
