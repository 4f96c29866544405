#include "tree.hpp"

#include <algorithm>
#include <deque>
#include <unordered_set>

#include "chunk_merge.hpp"
#include "mapped_file.hpp"
#include "source.hpp"

namespace fiberlog::tail {

void id_tree::add(std::string_view source_key, std::uint64_t id, std::uint64_t parent) {
    std::string key(source_key);
    const auto [it, added] =
        source_numbers_.try_emplace(key, static_cast<std::uint32_t>(sources_.size()));
    if (added) sources_.push_back(std::move(key));
    const node_key node{it->second, id};
    if (parents_.try_emplace(node, parent).second) order_.push_back(node);
}

id_tree::children_map id_tree::children() const {
    children_map children;
    for (const node_key& node : order_) {
        const std::uint64_t parent = parents_.at(node);
        if (parent != 0 && parent != node.id) children[{node.source, parent}].push_back(node);
    }
    return children;
}

void id_tree::visit(node_key root, const children_map& children, std::vector<tree_node>& nodes,
                    std::unordered_map<node_key, bool, node_hash>& seen) const {
    struct pending {
        node_key node;
        std::uint32_t depth;
    };
    seen[root] = true;
    std::vector<pending> stack{{root, 0}};
    while (!stack.empty()) {
        const pending p = stack.back();
        stack.pop_back();
        nodes.push_back({p.node.source, p.node.id, p.depth});
        const auto it = children.find(p.node);
        if (it == children.end()) continue;
        // Pushed in reverse so that the first child is visited first.
        for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
            if (seen.try_emplace(*child, true).second) stack.push_back({*child, p.depth + 1});
        }
    }
}

std::vector<tree_node> id_tree::subtree(std::uint64_t root) const {
    const children_map kids = children();
    std::vector<tree_node> nodes;
    std::unordered_map<node_key, bool, node_hash> seen;
    std::vector<std::uint32_t> sources;  // those with the root, in order of first appearance
    for (const node_key& node : order_) {
        if (node.id == root) sources.push_back(node.source);
    }
    // A root that never logged still roots the fibers it launched, in the first source seen.
    if (sources.empty()) {
        for (const node_key& node : order_) {
            if (parents_.at(node) == root &&
                std::find(sources.begin(), sources.end(), node.source) == sources.end()) {
                sources.push_back(node.source);
            }
        }
    }
    for (const std::uint32_t source : sources) visit({source, root}, kids, nodes, seen);
    return nodes;
}

std::vector<tree_node> id_tree::forest() const {
    const children_map kids = children();
    std::vector<tree_node> nodes;
    std::unordered_map<node_key, bool, node_hash> seen;
    for (const node_key& node : order_) {
        const std::uint64_t parent = parents_.at(node);
        const bool root = parent == 0 || parent == node.id ||
                          parents_.find({node.source, parent}) == parents_.end();
        if (root && !seen.count(node)) visit(node, kids, nodes, seen);
    }
    for (const node_key& node : order_) {  // in a loop: no root reaches them
        if (!seen.count(node)) visit(node, kids, nodes, seen);
    }
    return nodes;
}

std::uint64_t span_number(std::string_view span_id) noexcept {
    std::uint64_t n = 0;
    for (const char c : span_id) {
        n = n * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return n;
}

namespace {

// A node's first record in a chunk, or a gap (unit_collector).
struct node_unit {
    std::int64_t ts_us;
    std::string source;  // its key
    std::uint64_t id, parent;
    bool gap;
};

struct node_chunk {
    std::vector<node_unit> units;
};

// Reads the nodes of one chunk: `pair_of(record, input, sources, id, parent)` says whether the
// record names a node, and which.
template <class PairOf>
node_chunk read_nodes(const input& in, const mapped_file& file, const chunk& part,
                      chunk_reader& reader, bool merged, const PairOf& pair_of) {
    node_chunk out;
    unit_collector<node_unit> units(out.units, merged);
    std::unordered_set<std::string> seen;  // only a node's first pair counts: "source\nid"
    source_keys sources;
    reader.open(in, file, part);
    parsed_line line{};
    std::string seen_key;
    while (reader.next(line)) {
        std::uint64_t id = 0, parent = 0;
        if (line.rec == nullptr || !pair_of(*line.rec, id, parent)) continue;
        const std::string& source = sources.key(*line.rec, part.input);
        seen_key.assign(source).append(1, '\n').append(std::to_string(id));
        if (seen.insert(seen_key).second) {
            units.add({line.ts_us, source, id, parent, false});
        } else {
            units.skip(line.ts_us);
        }
    }
    units.flush();
    return out;
}

template <class PairOf>
id_tree read_tree(const std::vector<input>& inputs, const read_options& reading,
                  const PairOf& pair_of, bool per_source) {
    const std::deque<mapped_file> files = map_inputs(inputs);
    const std::vector<std::vector<chunk>> plan = plan_chunks(inputs, reading.chunk_size);
    const bool merged = inputs.size() > 1;
    std::vector<chunk_reader> readers(std::max(reading.threads, 1u));
    for (chunk_reader& reader : readers) reader.want_context(false);  // ids are enough
    worker_pool pool(static_cast<unsigned>(readers.size()));          // joined before readers go
    id_tree tree;
    merge_chunks<node_chunk>(
        plan, pool, chunks_ahead(readers.size()),
        [&](unsigned worker, const chunk& part) {
            return read_nodes(inputs[part.input], files[part.input], part, readers[worker], merged,
                              pair_of);
        },
        [](std::size_t, const node_chunk&) {},
        [&](std::size_t, const node_chunk&, const node_unit& u) {
            if (!u.gap) tree.add(per_source ? u.source : std::string_view(), u.id, u.parent);
        });
    return tree;
}

}  // namespace

id_tree read_fiber_tree(const std::vector<input>& inputs, const read_options& reading) {
    return read_tree(
        inputs, reading,
        [](const record& r, std::uint64_t& id, std::uint64_t& parent) {
            id = r.fiber;
            parent = r.parent;
            return true;
        },
        true);
}

id_tree read_span_tree(const std::vector<input>& inputs, std::string_view trace_id,
                       const read_options& reading) {
    return read_tree(
        inputs, reading,
        [trace_id](const record& r, std::uint64_t& id, std::uint64_t& parent) {
            if (r.trace_id != trace_id || r.span_id.empty()) return false;
            id = span_number(r.span_id);
            parent = span_number(r.parent_span_id);
            return true;
        },
        false);
}

}  // namespace fiberlog::tail
