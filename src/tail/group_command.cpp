#include "group_command.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "fetch.hpp"
#include "render.hpp"
#include "scan.hpp"
#include "tree.hpp"

namespace fiberlog::tail {

namespace {

// Groups in order of first appearance; with --tree (and no --by), fibers in depth-first
// order of the subtree, with their depths.
std::vector<planned_group> make_plan(const log_index& index, const std::vector<tree_node>& tree,
                                     bool by_key) {
    std::vector<planned_group> plan;
    plan.reserve(index.groups().size());
    for (std::uint32_t g = 0; g < index.groups().size(); ++g) plan.push_back({g, 0});
    if (tree.empty() || by_key) return plan;

    std::unordered_map<std::uint64_t, std::uint32_t> position;  // fiber -> place in the tree
    for (std::uint32_t i = 0; i < tree.size(); ++i) position.emplace(tree[i].fiber, i);
    const auto place = [&](const planned_group& p) {
        return position.at(index.groups()[p.group].fiber);
    };
    std::sort(plan.begin(), plan.end(),
              [&](const planned_group& a, const planned_group& b) { return place(a) < place(b); });
    for (planned_group& p : plan) p.depth = tree[place(p)].depth;
    return plan;
}

// The index of the last `n` lines of `index` (in the order they were added: time order), in
// the same groups, which are numbered anew by first appearance among those lines.
log_index keep_last(const log_index& index, std::uint64_t n) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> kept;  // (line, its group)
    const std::uint64_t first = index.size() > n ? index.size() - n : 0;
    for (std::uint32_t g = 0; g < index.groups().size(); ++g) {
        std::uint32_t e = index.groups()[g].first;
        for (std::uint32_t i = 0; i < index.groups()[g].count; ++i) {
            if (e >= first) kept.emplace_back(e, g);
            e = index.at(e).next();
        }
    }
    std::sort(kept.begin(), kept.end());
    log_index last;
    for (const auto& [line, g] : kept) {
        const std::uint32_t target = last.group_like(index.groups()[g]);
        const entry& e = index.at(line);
        last.add(target, entry(e.input(), e.offset(), e.length()));
    }
    return last;
}

}  // namespace

run_summary run_grouping(const options& o, output& out) {
    run_summary summary;
    const std::vector<input> inputs = open_inputs(o.files, summary.input_failed);

    read_options reading;
    if (o.threads > 0) reading.threads = o.threads;

    std::vector<tree_node> tree;
    std::unordered_set<std::uint64_t> tree_fibers;
    scan_options scanning{o.by, nullptr};
    if (o.filter.tree_root) {
        // The whole tree must be known before a record can be placed in it: a fiber's first
        // line may come before its parent's.
        tree = read_fiber_tree(inputs, reading).subtree(*o.filter.tree_root);
        for (const tree_node& node : tree) tree_fibers.insert(node.fiber);
        scanning.fibers = &tree_fibers;
    }
    scan_result result = scan(inputs, scanning, record_filter(o.filter), reading);
    if (o.lines) result.index = keep_last(result.index, *o.lines);
    const std::vector<planned_group> plan = make_plan(result.index, tree, o.by.has_value());

    if (o.count) {
        write_counts(out, result.index, plan);
    } else {
        std::vector<std::unique_ptr<group_sink>> sinks;  // one per thread
        const bool color = use_color(o.color);
        for (unsigned i = 0; i < reading.threads; ++i) {
            if (o.format == output_format::jsonl) {
                sinks.push_back(std::make_unique<jsonl_sink>());
            } else {
                sinks.push_back(std::make_unique<text_sink>(o.by, color, o.local_time));
            }
        }
        fetch_groups(inputs, result.index, plan, sinks, out);
    }
    // What was printed: with -n, fewer than the scan kept.
    for (const group& g : result.index.groups()) {
        if (g.kind == group_kind::unparsed) summary.unparsed = g.count;
    }
    return summary;
}

}  // namespace fiberlog::tail
