#include "group_command.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <fiberlog/log_format.hpp>

#include "fetch.hpp"
#include "render.hpp"
#include "scan.hpp"
#include "source.hpp"
#include "tagged_lines.hpp"
#include "tree.hpp"

namespace fiberlog::tail {

namespace {

// Groups in order of first appearance; along `tree` when there is one (--tree: fiber groups
// by source and fiber; --trace: span groups by span id, the lines without a span id last),
// with their depths.
std::vector<planned_group> make_plan(const log_index& index, const id_tree& tree,
                                     const std::vector<tree_node>& nodes, bool spans) {
    std::vector<planned_group> plan;
    plan.reserve(index.groups().size());
    for (std::uint32_t g = 0; g < index.groups().size(); ++g) plan.push_back({g, 0});
    if (nodes.empty()) return plan;

    // Place in the tree by "source key\nid" (spans: by id).
    std::unordered_map<std::string, std::uint32_t> position;
    const auto node_name = [](std::string_view source, std::uint64_t id) {
        return std::string(source) + '\n' + std::to_string(id);
    };
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
        position.emplace(node_name(spans ? "" : tree.source_key(nodes[i].source), nodes[i].id), i);
    }
    const auto place = [&](const planned_group& p) -> std::uint64_t {
        const group& g = index.groups()[p.group];
        const auto it = g.kind == group_kind::fiber && !spans
                            ? position.find(node_name(*g.source, g.fiber))
                        : g.kind == group_kind::value && spans
                            ? position.find(node_name("", span_number(*g.value)))
                            : position.end();
        return it != position.end() ? it->second : nodes.size() + p.group;
    };
    std::stable_sort(plan.begin(), plan.end(), [&](const planned_group& a, const planned_group& b) {
        return place(a) < place(b);
    });
    for (planned_group& p : plan) {
        const std::uint64_t at = place(p);
        p.depth = at < nodes.size() ? nodes[at].depth : 0;
    }
    return plan;
}

// The index of the last `n` lines of `index` (in the order they were added: time order), in
// the same groups, which are numbered anew by first appearance among those lines.
log_index keep_last(const log_index& index, std::uint64_t n) {
    log_index last;
    for (const std::string& key : index.sources()) last.source(key);
    const std::uint64_t first = index.size() > n ? index.size() - n : 0;
    for (auto line = static_cast<std::uint32_t>(first); line < index.size(); ++line) {
        const entry& e = index.at(line);
        last.add(last.group_like(index.groups()[e.group()]), e);
    }
    return last;
}

}  // namespace

run_summary run_grouping(const options& o, output& out) {
    run_summary summary;
    const std::vector<input> inputs = open_inputs(o.files, summary.input_failed);
    std::vector<std::string> input_names;
    for (const input& in : inputs) input_names.push_back(in.name);

    read_options reading;
    if (o.threads > 0) reading.threads = o.threads;

    // A tree must be read whole before a record can be placed in it: a node's first line may
    // come before its parent's.
    id_tree tree;
    std::vector<tree_node> nodes;
    fiber_sets tree_fibers;  // --tree: the subtree's fibers, per source
    scan_options scanning{o.by, o.flat, nullptr};
    if (o.trace) {
        tree = read_span_tree(inputs, *o.trace, reading);
        nodes = tree.forest();
        if (!o.flat) scanning.by.emplace(log_format::field::span_id);
    } else if (o.filter.tree_root) {
        tree = read_fiber_tree(inputs, reading);
        nodes = tree.subtree(*o.filter.tree_root);
        for (const tree_node& node : nodes) {
            tree_fibers[tree.source_key(node.source)].insert(node.id);
        }
        scanning.fibers = &tree_fibers;
        if (o.by || o.flat) nodes.clear();  // groups of values, or none: no tree to follow
    }
    scan_result result = scan(inputs, scanning, record_filter(o.filter), reading);
    if (o.lines) result.index = keep_last(result.index, *o.lines);
    const std::vector<planned_group> plan =
        make_plan(result.index, tree, nodes, o.trace.has_value() && !o.flat);

    // Several sources: each fiber group says its own, and so does each line of another group.
    source_names names;
    const bool several = result.index.sources().size() > 1;
    for (const group& g : result.index.groups()) {
        if (several && g.kind == group_kind::fiber && !names.count(g.source)) {
            names.emplace(g.source, source_name(*g.source, input_names));
        }
    }
    const source_names* sources = several ? &names : nullptr;

    if (o.count) {
        write_counts(out, result.index, plan, sources);
    } else {
        std::vector<std::unique_ptr<group_sink>> sinks;  // one per thread
        const bool color = use_color(o.color);
        // --flat as text: one sink, so that tags take their colors in order of appearance.
        const unsigned threads = o.flat && o.format == output_format::text ? 1 : reading.threads;
        for (unsigned i = 0; i < threads; ++i) {
            if (o.format == output_format::jsonl) {
                sinks.push_back(std::make_unique<jsonl_sink>());
            } else if (o.flat) {
                sinks.push_back(std::make_unique<flat_sink>(o, input_names));
            } else {
                sinks.push_back(std::make_unique<text_sink>(scanning.by, o.trace.has_value(), color,
                                                            o.local_time, sources, input_names));
            }
        }
        fetch_groups(inputs, result.index, plan, sinks, out);
        for (const auto& sink : sinks) summary.unparsed += sink->unparsed_lines();
        return summary;
    }
    for (const group& g : result.index.groups()) {
        if (g.kind == group_kind::unparsed) summary.unparsed = g.count;
    }
    return summary;
}

}  // namespace fiberlog::tail
