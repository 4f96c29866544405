// Cancellation: cancel_scope, cancelled(), throw_if_done(), propagation down the scope tree
// and the fiber tree (every scheduler and launch policy), born-cancelled children, and the
// lifetime of the nodes.

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using namespace std::chrono_literals;
using fiberlog::test::launch_case;
using fiberlog::test::scheduler;

class cancel_api : public ::testing::Test {
protected:
    std::size_t nodes_before_ = fiberlog::live_cancel_nodes();
    fiberlog::attach_guard fresh_ = fiberlog::attach(fiberlog::context{});
};

TEST_F(cancel_api, not_cancelled_by_default_nor_in_a_new_scope) {
    EXPECT_FALSE(fiberlog::cancelled());
    fiberlog::cancel_scope scope;
    EXPECT_FALSE(fiberlog::cancelled());
    EXPECT_NO_THROW(fiberlog::throw_if_done());
}

TEST_F(cancel_api, cancel_is_seen_in_the_scope_only) {
    {
        fiberlog::cancel_scope scope;
        scope.cancel();
        EXPECT_TRUE(fiberlog::cancelled());
        scope.cancel();  // idempotent
        EXPECT_THROW(fiberlog::throw_if_done(), fiberlog::cancelled_error);
        try {
            fiberlog::throw_if_done();
        } catch (const fiberlog::done_error& e) {
            EXPECT_EQ(e.reason(), fiberlog::done_reason::cancelled);
        }
    }
    EXPECT_FALSE(fiberlog::cancelled());
}

TEST_F(cancel_api, cancellation_wins_over_an_expired_deadline) {
    fiberlog::deadline_scope expired{std::chrono::steady_clock::now() - 1s};
    fiberlog::cancel_scope scope;
    EXPECT_THROW(fiberlog::throw_if_done(), fiberlog::deadline_exceeded);
    scope.cancel();
    EXPECT_THROW(fiberlog::throw_if_done(), fiberlog::cancelled_error);
}

TEST_F(cancel_api, cancelling_a_parent_cancels_nested_scopes_not_the_reverse) {
    fiberlog::cancel_scope outer;
    {
        fiberlog::cancel_scope inner;
        inner.cancel();
        EXPECT_TRUE(fiberlog::cancelled());
    }
    EXPECT_FALSE(fiberlog::cancelled());
    {
        fiberlog::cancel_scope inner;
        fiberlog::cancel_scope innermost;
        outer.cancel();
        EXPECT_TRUE(fiberlog::cancelled());
    }
    EXPECT_TRUE(fiberlog::cancelled());
}

TEST_F(cancel_api, a_scope_opened_under_a_cancelled_one_is_born_cancelled) {
    fiberlog::cancel_scope outer;
    outer.cancel();
    fiberlog::cancel_scope inner;
    EXPECT_TRUE(fiberlog::cancelled());
}

TEST_F(cancel_api, snapshots_and_clear_keep_the_cancellation) {
    fiberlog::cancel_scope scope;
    fiberlog::put("k", 1);
    const auto ctx = fiberlog::snapshot();
    fiberlog::clear();
    EXPECT_TRUE(fiberlog::snapshot().empty());
    scope.cancel();
    EXPECT_TRUE(fiberlog::cancelled());
    auto guard = fiberlog::attach(ctx);
    EXPECT_TRUE(fiberlog::cancelled());
    {
        auto fresh = fiberlog::attach(fiberlog::context{});
        EXPECT_FALSE(fiberlog::cancelled());
    }
}

TEST_F(cancel_api, equality_tells_scopes_apart) {
    fiberlog::cancel_scope a;
    const auto in_a = fiberlog::snapshot().with("k", 1);
    fiberlog::cancel_scope b;
    const auto in_b = fiberlog::snapshot().with("k", 1);
    EXPECT_NE(in_a, in_b);
    EXPECT_EQ(in_b, fiberlog::snapshot().with("k", 1));
}

TEST_F(cancel_api, wrap_carries_the_cancellation_into_a_std_thread) {
    fiberlog::cancel_scope scope;
    auto check = fiberlog::wrap([] { return fiberlog::cancelled(); });
    bool before = true, after = false, outside = true;
    std::thread th([&] {
        before = check();
        scope.cancel();  // from another thread
        after = check();
        outside = fiberlog::cancelled();
    });
    th.join();
    EXPECT_FALSE(before);
    EXPECT_TRUE(after);
    EXPECT_FALSE(outside);
    EXPECT_TRUE(fiberlog::cancelled());
}

TEST_F(cancel_api, nodes_are_freed_with_the_last_reference) {
    {
        fiberlog::cancel_scope a;
        fiberlog::cancel_scope b;
        EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes_before_ + 2);
        auto kept = fiberlog::snapshot();
        a.cancel();
        fiberlog::cancel_scope born_cancelled;
        EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes_before_ + 3);
    }
    EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes_before_);
}

class cancel_tree : public ::testing::TestWithParam<launch_case> {
protected:
    void run(const std::function<void()>& body) {
        const auto nodes = fiberlog::live_cancel_nodes();
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, body);
        EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes);  // no node outlives its fibers
    }
    boost::fibers::fiber launch_child(std::function<void()> fn) {
        return boost::fibers::fiber{GetParam().policy, std::move(fn)};
    }
};

TEST_P(cancel_tree, reaches_three_levels_down) {
    run([&] {
        fiberlog::cancel_scope scope;
        std::atomic<int> asleep{0};
        fiberlog::wait_status woke[3] = {};
        bool cancelled_after[3] = {};
        auto level = [&](int depth, auto& self) -> void {
            boost::fibers::fiber deeper;
            if (depth < 2) deeper = launch_child([&, depth] { self(depth + 1, self); });
            ++asleep;
            woke[depth] = fiberlog::sleep_for(60s);
            cancelled_after[depth] = fiberlog::cancelled();
            if (deeper.joinable()) deeper.join();
        };
        auto top = launch_child([&] { level(0, level); });
        while (asleep.load() < 3) boost::this_fiber::yield();
        scope.cancel();
        top.join();
        for (int depth = 0; depth < 3; ++depth) {
            EXPECT_EQ(woke[depth], fiberlog::wait_status::cancelled) << "depth " << depth;
            EXPECT_TRUE(cancelled_after[depth]) << "depth " << depth;
        }
    });
}

TEST_P(cancel_tree, a_child_scope_cancels_its_own_fibers_only) {
    run([&] {
        fiberlog::cancel_scope root;
        bool child_scope_cancelled = false, sibling_cancelled = true;
        fiberlog::wait_status grandchild = fiberlog::wait_status::ready;
        auto child = launch_child([&] {
            fiberlog::cancel_scope own;
            auto grand = launch_child([&] { grandchild = fiberlog::sleep_for(60s); });
            own.cancel();
            child_scope_cancelled = fiberlog::cancelled();
            grand.join();
        });
        auto sibling = launch_child([&] {
            child.join();
            sibling_cancelled = fiberlog::cancelled();
        });
        sibling.join();
        EXPECT_TRUE(child_scope_cancelled);
        EXPECT_EQ(grandchild, fiberlog::wait_status::cancelled);
        EXPECT_FALSE(sibling_cancelled);
        EXPECT_FALSE(fiberlog::cancelled());
    });
}

TEST_P(cancel_tree, fibers_launched_after_the_cancel_start_cancelled) {
    run([&] {
        fiberlog::cancel_scope scope;
        scope.cancel();
        bool child = false, nested_scope = false, grandchild = false;
        launch_child([&] {
            child = fiberlog::cancelled();
            fiberlog::cancel_scope nested;
            nested_scope = fiberlog::cancelled();
            launch_child([&] { grandchild = fiberlog::cancelled(); }).join();
        }).join();
        EXPECT_TRUE(child);
        EXPECT_TRUE(nested_scope);
        EXPECT_TRUE(grandchild);
    });
}

TEST_P(cancel_tree, a_fiber_keeps_the_node_after_its_scope_ended) {
    run([&] {  // run() checks that the node is freed once the fiber ended
        const auto nodes = fiberlog::live_cancel_nodes();
        boost::fibers::fiber worker;
        {
            fiberlog::cancel_scope scope;
            worker = launch_child([] { fiberlog::sleep_for(10ms); });
        }
        EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes + 1);
        worker.join();
    });
}

// A chain of nested scopes once took one stack frame per level to cancel and another to free
// when its deepest node went last: a few thousand levels overflowed a fiber's stack.
TEST_P(cancel_tree, twenty_thousand_nested_scopes_cancel_and_free_on_a_fiber_stack) {
    constexpr std::size_t depth = 20000;
    run([&] {
        const auto nodes = fiberlog::live_cancel_nodes();
        launch_child([&] {  // Boost's default fiber stack
            std::vector<std::unique_ptr<fiberlog::cancel_scope>> scopes;
            for (std::size_t i = 0; i < depth; ++i)
                scopes.push_back(std::make_unique<fiberlog::cancel_scope>());
            EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes + depth);
            fiberlog::context deepest = fiberlog::snapshot();
            EXPECT_FALSE(fiberlog::cancelled());
            scopes.front()->cancel();  // the outermost: reaches every level
            EXPECT_TRUE(fiberlog::cancelled());
            {
                fiberlog::cancel_scope born_cancelled;  // under the deepest, after the cancel
                EXPECT_TRUE(fiberlog::cancelled());
            }
            while (!scopes.empty()) scopes.pop_back();  // innermost first: `deepest` keeps all
            EXPECT_FALSE(fiberlog::cancelled());
            EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes + depth);
            deepest = fiberlog::context{};  // the deepest goes last: frees every level
            EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes);
        }).join();
    });
}

INSTANTIATE_TEST_SUITE_P(schedulers, cancel_tree, ::testing::ValuesIn(fiberlog::test::all_launch_cases()),
                         [](const auto& tc) { return fiberlog::test::case_name(tc.param); });

}  // namespace
