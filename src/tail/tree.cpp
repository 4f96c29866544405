#include "tree.hpp"

#include <algorithm>
#include <unordered_set>

#include "chunk_merge.hpp"

namespace fiberlog::tail {

void fiber_tree::add(std::uint64_t fiber, std::uint64_t parent) {
    if (parents_.try_emplace(fiber, parent).second) order_.push_back(fiber);
}

std::vector<tree_node> fiber_tree::subtree(std::uint64_t root) const {
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> children;
    for (const std::uint64_t fiber : order_) {
        const std::uint64_t parent = parents_.at(fiber);
        if (parent != fiber) children[parent].push_back(fiber);
    }
    std::vector<tree_node> nodes;
    std::unordered_set<std::uint64_t> seen{root};
    std::vector<tree_node> stack{{root, 0}};
    while (!stack.empty()) {
        const tree_node node = stack.back();
        stack.pop_back();
        nodes.push_back(node);
        const auto it = children.find(node.fiber);
        if (it == children.end()) continue;
        // Pushed in reverse so that the first child is visited first.
        for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
            if (seen.insert(*child).second) stack.push_back({*child, node.depth + 1});
        }
    }
    return nodes;
}

namespace {

// A fiber's first record in a chunk, or a gap (unit_collector).
struct fiber_unit {
    std::int64_t ts_us;
    std::uint64_t fiber, parent;
    bool gap;
};

struct fiber_chunk {
    std::vector<fiber_unit> units;
};

fiber_chunk read_fibers(const input& in, const chunk& part, chunk_reader& reader, bool merged) {
    fiber_chunk out;
    unit_collector<fiber_unit> units(out.units, merged);
    std::unordered_set<std::uint64_t> seen;  // only a fiber's first pair counts
    reader.open(in, part);
    parsed_line line{};
    while (reader.next(line)) {
        if (line.rec == nullptr) continue;
        if (seen.insert(line.rec->fiber).second) {
            units.add({line.ts_us, line.rec->fiber, line.rec->parent, false});
        } else {
            units.skip(line.ts_us);
        }
    }
    units.flush();
    return out;
}

}  // namespace

fiber_tree read_fiber_tree(const std::vector<input>& inputs, const read_options& reading) {
    const std::vector<std::vector<chunk>> plan = plan_chunks(inputs, reading.chunk_size);
    const bool merged = inputs.size() > 1;
    std::vector<chunk_reader> readers(std::max(reading.threads, 1u));
    worker_pool pool(static_cast<unsigned>(readers.size()));  // joined before readers go
    fiber_tree tree;
    merge_chunks<fiber_chunk>(
        plan, pool, chunks_ahead(readers.size()),
        [&](unsigned worker, const chunk& part) {
            return read_fibers(inputs[part.input], part, readers[worker], merged);
        },
        [](std::size_t, const fiber_chunk&) {},
        [&](std::size_t, const fiber_chunk&, const fiber_unit& u) {
            if (!u.gap) tree.add(u.fiber, u.parent);
        });
    return tree;
}

}  // namespace fiberlog::tail
