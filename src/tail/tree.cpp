#include "tree.hpp"

#include <unordered_set>

#include "merged_reader.hpp"

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

fiber_tree read_fiber_tree(const std::vector<input>& inputs) {
    fiber_tree tree;
    merged_reader reader(inputs);
    merged_line line{};
    while (reader.next(line)) {
        if (line.rec != nullptr) tree.add(line.rec->fiber, line.rec->parent);
    }
    return tree;
}

}  // namespace fiberlog::tail
