#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "tree.hpp"

namespace {

using namespace fiberlog::tail;
using node_list = std::vector<std::tuple<std::string, std::uint64_t, std::uint32_t>>;

node_list nodes(const id_tree& t, const std::vector<tree_node>& list) {
    node_list out;
    for (const tree_node& n : list) out.emplace_back(t.source_key(n.source), n.id, n.depth);
    return out;
}

// 1 -> {2, 3}, 2 -> {4}, 4 -> {5}, 3 -> {6}; 9 -> {10} is another tree.
id_tree four_levels() {
    id_tree t;
    t.add("a", 6, 3);  // a child seen before its parent
    t.add("a", 1, 0);
    t.add("a", 2, 1);
    t.add("a", 9, 0);
    t.add("a", 4, 2);
    t.add("a", 3, 1);
    t.add("a", 10, 9);
    t.add("a", 5, 4);
    t.add("a", 4, 99);  // the first parent seen wins
    return t;
}

TEST(tail_tree, subtree_is_depth_first_with_children_in_order_of_first_appearance) {
    const id_tree t = four_levels();
    EXPECT_EQ(
        nodes(t, t.subtree(1)),
        (node_list{{"a", 1, 0}, {"a", 2, 1}, {"a", 4, 2}, {"a", 5, 3}, {"a", 3, 1}, {"a", 6, 2}}));
    EXPECT_EQ(nodes(t, t.subtree(4)), (node_list{{"a", 4, 0}, {"a", 5, 1}}));
}

TEST(tail_tree, a_root_that_never_logged_still_has_its_children) {
    id_tree t;
    t.add("a", 7, 50);
    t.add("a", 8, 7);
    EXPECT_EQ(nodes(t, t.subtree(50)), (node_list{{"a", 50, 0}, {"a", 7, 1}, {"a", 8, 2}}));
    EXPECT_EQ(nodes(t, t.subtree(123)), node_list{});  // in no source
}

TEST(tail_tree, parent_loops_are_cut) {
    id_tree t;
    t.add("a", 1, 2);
    t.add("a", 2, 1);
    t.add("a", 3, 3);
    EXPECT_EQ(nodes(t, t.subtree(1)), (node_list{{"a", 1, 0}, {"a", 2, 1}}));
    EXPECT_EQ(nodes(t, t.subtree(3)), (node_list{{"a", 3, 0}}));
    EXPECT_EQ(nodes(t, t.forest()), (node_list{{"a", 3, 0}, {"a", 1, 0}, {"a", 2, 1}}));
}

// Two processes that reuse fiber ids: fiber 1 of each is another fiber.
TEST(tail_tree, each_source_has_its_own_fibers) {
    id_tree t;
    t.add("api", 1, 0);
    t.add("worker", 1, 0);
    t.add("worker", 2, 1);
    t.add("api", 3, 1);
    t.add("api", 2, 3);
    EXPECT_EQ(
        nodes(t, t.subtree(1)),
        (node_list{
            {"api", 1, 0}, {"api", 3, 1}, {"api", 2, 2}, {"worker", 1, 0}, {"worker", 2, 1}}));
    EXPECT_EQ(nodes(t, t.subtree(2)), (node_list{{"worker", 2, 0}, {"api", 2, 0}}));
}

TEST(tail_tree, the_forest_starts_from_every_node_whose_parent_did_not_log) {
    id_tree t;
    t.add("", 0xb, 0xa);  // a's caller is in another service's logs, not here: b is a root
    t.add("", 0xc, 0xb);
    t.add("", 0xd, 0);  // no parent at all
    t.add("", 0xe, 0xc);
    t.add("", 0xf, 0xb);
    EXPECT_EQ(nodes(t, t.forest()),
              (node_list{{"", 0xb, 0}, {"", 0xc, 1}, {"", 0xe, 2}, {"", 0xf, 1}, {"", 0xd, 0}}));
}

TEST(tail_tree, span_numbers_are_their_hex_digits) {
    EXPECT_EQ(span_number("00f067aa0ba902b7"), 0x00f067aa0ba902b7u);
    EXPECT_EQ(span_number("ffffffffffffffff"), UINT64_MAX);
    EXPECT_EQ(span_number(""), 0u);
}

}  // namespace
