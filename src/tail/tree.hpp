#pragma once

// The fiber tree, from the (fiber, parent) pairs of the records: what --tree prints.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "chunk_merge.hpp"
#include "input.hpp"

namespace fiberlog::tail {

struct tree_node {
    std::uint64_t fiber;
    std::uint32_t depth;  // 0 for the root of the subtree
};

class fiber_tree {
public:
    // Records that `fiber` was launched by `parent`; the first pair seen for a fiber wins.
    void add(std::uint64_t fiber, std::uint64_t parent);

    // `root` and its descendants, depth first, children in order of first appearance. A
    // fiber that never logged breaks the chain below it: its children's parent is known, but
    // not its own. Parent loops (corrupt input) are cut.
    std::vector<tree_node> subtree(std::uint64_t root) const;

private:
    std::unordered_map<std::uint64_t, std::uint64_t> parents_;
    std::vector<std::uint64_t> order_;  // fibers in order of first appearance
};

// Reads the (fiber, parent) pair of every record of the merged inputs. Throws io_error.
fiber_tree read_fiber_tree(const std::vector<input>& inputs, const read_options& reading = {});

}  // namespace fiberlog::tail
