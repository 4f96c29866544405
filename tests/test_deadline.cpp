// Deadlines: deadline_scope, deadline(), remaining(), expired(), throw_if_done(), and their
// inheritance by fibers (every scheduler and launch policy), snapshots and wrap().

#include <chrono>
#include <thread>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using fiberlog::test::launch_case;
using fiberlog::test::scheduler;

class deadline_api : public ::testing::Test {
protected:
    // A context with no pairs, deadline or cancellation for each test.
    fiberlog::attach_guard fresh_ = fiberlog::attach(fiberlog::context{});
};

TEST_F(deadline_api, none_by_default) {
    EXPECT_EQ(fiberlog::deadline(), std::nullopt);
    EXPECT_EQ(fiberlog::remaining(), clock_type::duration::max());
    EXPECT_FALSE(fiberlog::expired());
    EXPECT_NO_THROW(fiberlog::throw_if_done());
}

TEST_F(deadline_api, a_scope_sets_the_deadline_and_restores_its_absence) {
    const auto t = clock_type::now() + 1h;
    {
        fiberlog::deadline_scope scope{t};
        EXPECT_EQ(fiberlog::deadline(), t);
        EXPECT_GT(fiberlog::remaining(), 59min);
        EXPECT_LE(fiberlog::remaining(), 1h);
        EXPECT_FALSE(fiberlog::expired());
    }
    EXPECT_EQ(fiberlog::deadline(), std::nullopt);
    EXPECT_TRUE(fiberlog::snapshot().same(fiberlog::context{}));
}

TEST_F(deadline_api, the_nearest_deadline_wins) {
    const auto outer = clock_type::now() + 1h;
    fiberlog::deadline_scope a{outer};
    {
        fiberlog::deadline_scope later{outer + 1h};  // cannot extend the inherited one
        EXPECT_EQ(fiberlog::deadline(), outer);
        {
            fiberlog::deadline_scope sooner{outer - 30min};
            EXPECT_EQ(fiberlog::deadline(), outer - 30min);
        }
        EXPECT_EQ(fiberlog::deadline(), outer);
    }
    EXPECT_EQ(fiberlog::deadline(), outer);
}

TEST_F(deadline_api, from_a_duration) {
    const auto before = clock_type::now();
    fiberlog::deadline_scope scope{5s};
    ASSERT_TRUE(fiberlog::deadline().has_value());
    EXPECT_GE(*fiberlog::deadline(), before + 5s);
    EXPECT_LE(*fiberlog::deadline(), clock_type::now() + 5s);
    fiberlog::deadline_scope never{std::chrono::hours::max()};  // saturates: no new deadline
    EXPECT_GE(*fiberlog::deadline(), before + 5s);
}

TEST_F(deadline_api, a_passed_deadline_is_expired_and_throws) {
    fiberlog::deadline_scope scope{clock_type::now() - 1ms};
    EXPECT_TRUE(fiberlog::expired());
    EXPECT_EQ(fiberlog::remaining(), clock_type::duration::zero());
    EXPECT_THROW(fiberlog::throw_if_done(), fiberlog::deadline_exceeded);
    try {
        fiberlog::throw_if_done();
    } catch (const fiberlog::done_error& e) {
        EXPECT_EQ(e.reason(), fiberlog::done_reason::deadline_exceeded);
        EXPECT_NE(std::string(e.what()).find("deadline"), std::string::npos);
    }
}

TEST_F(deadline_api, keys_put_inside_the_scope_survive_it) {
    fiberlog::put("a", 1);
    {
        fiberlog::deadline_scope scope{clock_type::now() + 1h};
        fiberlog::put("b", 2);
    }
    EXPECT_EQ(fiberlog::deadline(), std::nullopt);
    EXPECT_EQ(fiberlog::snapshot().size(), 2u);
}

TEST_F(deadline_api, clear_drops_the_pairs_but_keeps_the_deadline) {
    const auto t = clock_type::now() + 1h;
    fiberlog::deadline_scope scope{t};
    fiberlog::put("a", 1);
    fiberlog::clear();
    EXPECT_TRUE(fiberlog::snapshot().empty());
    EXPECT_EQ(fiberlog::deadline(), t);
    auto fresh = fiberlog::attach(fiberlog::context{});
    EXPECT_EQ(fiberlog::deadline(), std::nullopt);
}

TEST_F(deadline_api, a_context_carries_its_deadline_through_changes) {
    const auto t = clock_type::now() + 1h;
    fiberlog::deadline_scope scope{t};
    const auto ctx = fiberlog::snapshot();
    EXPECT_TRUE(ctx.empty());
    EXPECT_EQ(ctx.size(), 0u);
    EXPECT_EQ(ctx.text(), "");
    EXPECT_EQ(ctx.json(), "{}");
    EXPECT_EQ(ctx.deadline(), t);
    EXPECT_EQ(ctx.with("k", 1).deadline(), t);
    EXPECT_EQ(ctx.with("k", 1).without("k").deadline(), t);
    EXPECT_EQ(fiberlog::context{}.with("k", 1).deadline(), std::nullopt);
    // Equality includes the deadline.
    EXPECT_NE(ctx.with("k", 1), fiberlog::context{}.with("k", 1));
    EXPECT_EQ(ctx.with("k", 1), ctx.with("k", 1));
}

TEST_F(deadline_api, wrap_carries_the_deadline_into_a_std_thread) {
    const auto t = clock_type::now() + 1h;
    std::function<std::optional<clock_type::time_point>()> task;
    {
        fiberlog::deadline_scope scope{t};
        task = fiberlog::wrap([] { return fiberlog::deadline(); });
    }
    std::optional<clock_type::time_point> seen, outside;
    std::thread th([&] {
        seen = task();
        outside = fiberlog::deadline();
    });
    th.join();
    EXPECT_EQ(seen, t);
    EXPECT_EQ(outside, std::nullopt);
}

class deadline_inheritance : public ::testing::TestWithParam<launch_case> {
protected:
    void run(const std::function<void()>& body) {
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, body);
    }
    boost::fibers::fiber launch_child(std::function<void()> fn) {
        return boost::fibers::fiber{GetParam().policy, std::move(fn)};
    }
};

TEST_P(deadline_inheritance, three_levels_down_with_the_nearest_winning) {
    run([&] {
        const auto t = clock_type::now() + 1h;
        fiberlog::deadline_scope scope{t};
        std::optional<clock_type::time_point> seen[4];
        launch_child([&] {
            seen[0] = fiberlog::deadline();
            launch_child([&] {
                seen[1] = fiberlog::deadline();
                fiberlog::deadline_scope sooner{t - 10min};
                launch_child([&] {
                    seen[2] = fiberlog::deadline();
                    fiberlog::deadline_scope later{t + 10min};
                    launch_child([&] { seen[3] = fiberlog::deadline(); }).join();
                }).join();
            }).join();
        }).join();
        EXPECT_EQ(seen[0], t);
        EXPECT_EQ(seen[1], t);
        EXPECT_EQ(seen[2], t - 10min);
        EXPECT_EQ(seen[3], t - 10min);
        EXPECT_EQ(fiberlog::deadline(), t);
    });
}

TEST_P(deadline_inheritance, launch_with_an_empty_context_drops_it) {
    run([&] {
        fiberlog::deadline_scope scope{clock_type::now() - 1s};
        bool expired = true;
        fiberlog::launch_with(GetParam().policy, fiberlog::context{}, [&] {
            expired = fiberlog::expired();
        }).join();
        EXPECT_FALSE(expired);
        EXPECT_TRUE(fiberlog::expired());
    });
}

INSTANTIATE_TEST_SUITE_P(schedulers, deadline_inheritance, ::testing::ValuesIn(fiberlog::test::all_launch_cases()),
                         [](const auto& tc) { return fiberlog::test::case_name(tc.param); });

}  // namespace
