#pragma once

// The trees of the logs: fibers from the (fiber, parent) pairs of the records, per source
// (--tree), and a trace's spans from their (span_id, parent_span_id) pairs across processes
// (--trace).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chunk_merge.hpp"
#include "input.hpp"

namespace fiberlog::tail {

struct tree_node {
    std::uint32_t source;  // the tree's number of the node's source (tree_of::source_key)
    std::uint64_t id;      // the fiber id, or the span id
    std::uint32_t depth;   // 0 for a root
};

class id_tree {
public:
    // Records that `id` of source `source_key` was launched by `parent` (of the same source);
    // the first pair seen for a node wins. A parent of 0 is no node.
    void add(std::string_view source_key, std::uint64_t id, std::uint64_t parent);

    // The node `root` of every source that has it, each with its descendants, depth first,
    // sources and children in order of first appearance. A node that never logged breaks the
    // chain below it. Parent loops (corrupt input) are cut.
    std::vector<tree_node> subtree(std::uint64_t root) const;

    // Every node, depth first from the roots (the nodes whose parent is not a node), roots and
    // children in order of first appearance. Nodes of a parent loop come last, as roots.
    std::vector<tree_node> forest() const;

    // The key of a node's source.
    const std::string& source_key(std::uint32_t source) const { return sources_[source]; }

private:
    struct node_key {
        std::uint32_t source;
        std::uint64_t id;
        bool operator==(const node_key& o) const noexcept {
            return source == o.source && id == o.id;
        }
    };
    struct node_hash {
        std::size_t operator()(const node_key& k) const noexcept {
            return std::hash<std::uint64_t>()(k.id * 31 + k.source);
        }
    };
    using children_map = std::unordered_map<node_key, std::vector<node_key>, node_hash>;

    children_map children() const;
    void visit(node_key root, const children_map& children, std::vector<tree_node>& nodes,
               std::unordered_map<node_key, bool, node_hash>& seen) const;

    std::vector<std::string> sources_;
    std::unordered_map<std::string, std::uint32_t> source_numbers_;
    std::unordered_map<node_key, std::uint64_t, node_hash> parents_;
    std::vector<node_key> order_;  // nodes in order of first appearance
};

// Reads the (fiber, parent) pair of every record of the merged inputs, per source. Throws
// io_error.
id_tree read_fiber_tree(const std::vector<input>& inputs, const read_options& reading = {});

// Reads the (span_id, parent_span_id) pair of every record of trace `trace_id` (lowercase
// hex) in the merged inputs, as numbers. Throws io_error.
id_tree read_span_tree(const std::vector<input>& inputs, std::string_view trace_id,
                       const read_options& reading = {});

// A span id's number: its 16 hex digits; 0 when it is no span id (empty).
std::uint64_t span_number(std::string_view span_id) noexcept;

}  // namespace fiberlog::tail
