#include <gtest/gtest.h>

#include <vector>

#include "tree.hpp"

namespace {

using namespace fiberlog::tail;

std::vector<std::pair<std::uint64_t, std::uint32_t>> nodes(const std::vector<tree_node>& tree) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> out;
    for (const tree_node& n : tree) out.emplace_back(n.fiber, n.depth);
    return out;
}

// 1 -> {2, 3}, 2 -> {4}, 4 -> {5}, 3 -> {6}; 9 -> {10} is another tree.
fiber_tree four_levels() {
    fiber_tree t;
    t.add(6, 3);  // a child seen before its parent
    t.add(1, 0);
    t.add(2, 1);
    t.add(9, 0);
    t.add(4, 2);
    t.add(3, 1);
    t.add(10, 9);
    t.add(5, 4);
    t.add(4, 99);  // the first parent seen wins
    return t;
}

TEST(tail_tree, subtree_is_depth_first_with_children_in_order_of_first_appearance) {
    EXPECT_EQ(nodes(four_levels().subtree(1)),
              (std::vector<std::pair<std::uint64_t, std::uint32_t>>{
                  {1, 0}, {2, 1}, {4, 2}, {5, 3}, {3, 1}, {6, 2}}));
    EXPECT_EQ(nodes(four_levels().subtree(4)),
              (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{4, 0}, {5, 1}}));
}

TEST(tail_tree, a_root_that_never_logged_still_has_its_children) {
    fiber_tree t;
    t.add(7, 50);
    t.add(8, 7);
    EXPECT_EQ(nodes(t.subtree(50)),
              (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{50, 0}, {7, 1}, {8, 2}}));
    EXPECT_EQ(nodes(t.subtree(123)),
              (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{123, 0}}));
}

TEST(tail_tree, parent_loops_are_cut) {
    fiber_tree t;
    t.add(1, 2);
    t.add(2, 1);
    t.add(3, 3);
    EXPECT_EQ(nodes(t.subtree(1)),
              (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{1, 0}, {2, 1}}));
    EXPECT_EQ(nodes(t.subtree(3)), (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{3, 0}}));
}

}  // namespace
