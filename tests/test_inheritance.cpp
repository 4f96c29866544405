// Inheritance at launch under every fiberlog scheduler and both launch policies.

#include <string>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using boost::fibers::launch;
using fiberlog::value;
using fiberlog::test::launch_case;
using fiberlog::test::scheduler;

class inheritance : public ::testing::TestWithParam<launch_case> {
protected:
    void run(const std::function<void()>& body) {
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, body);
    }
    boost::fibers::fiber launch_child(std::function<void()> fn) {
        return boost::fibers::fiber{GetParam().policy, std::move(fn)};
    }
};

TEST_P(inheritance, child_starts_with_the_parents_context_and_knows_its_parent) {
    run([&] {
        boost::fibers::fiber parent = launch_child([&] {
            fiberlog::put("request_id", "r-1");
            fiberlog::put("user", "alice");
            const auto parent_fiber = fiberlog::fiber_id();
            launch_child([&] {
                EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
                EXPECT_EQ(fiberlog::get("user"), value{"alice"});
                EXPECT_EQ(fiberlog::parent_id(), parent_fiber);
                EXPECT_NE(fiberlog::fiber_id(), parent_fiber);
            }).join();
        });
        parent.join();
    });
}

TEST_P(inheritance, from_the_main_context_before_it_ever_yielded) {
    run([&] {
        // Nothing has yielded on this thread yet: Boost has not created the main
        // context's properties.
        fiberlog::put("tenant", "acme");
        const auto main_id = fiberlog::fiber_id();
        EXPECT_EQ(fiberlog::parent_id(), 0u);
        value seen;
        std::uint64_t seen_parent = 0;
        launch_child([&] {
            seen = *fiberlog::get("tenant");
            seen_parent = fiberlog::parent_id();
        }).join();
        EXPECT_EQ(seen, value{"acme"});
        EXPECT_EQ(seen_parent, main_id);
        EXPECT_EQ(fiberlog::fiber_id(), main_id);
    });
}

TEST_P(inheritance, from_a_main_context_that_never_used_fiberlog) {
    run([&] {
        std::uint64_t child_parent = 0, child_id = 0;
        launch_child([&] {
            child_parent = fiberlog::parent_id();
            child_id = fiberlog::fiber_id();
        }).join();
        EXPECT_EQ(child_parent, fiberlog::fiber_id());
        EXPECT_NE(child_id, child_parent);
    });
}

TEST_P(inheritance, grandchildren_inherit_through_every_level) {
    run([&] {
        fiberlog::put("level0", 0);
        std::vector<std::uint64_t> chain{fiberlog::fiber_id()};
        launch_child([&] {
            chain.push_back(fiberlog::fiber_id());
            EXPECT_EQ(fiberlog::parent_id(), chain[0]);
            fiberlog::put("level1", 1);
            launch_child([&] {
                chain.push_back(fiberlog::fiber_id());
                EXPECT_EQ(fiberlog::parent_id(), chain[1]);
                fiberlog::put("level2", 2);
                launch_child([&] {
                    EXPECT_EQ(fiberlog::parent_id(), chain[2]);
                    auto ctx = fiberlog::snapshot();
                    ASSERT_EQ(ctx.size(), 3u);
                    EXPECT_EQ(ctx.get("level0"), value{std::int64_t{0}});
                    EXPECT_EQ(ctx.get("level1"), value{std::int64_t{1}});
                    EXPECT_EQ(ctx.get("level2"), value{std::int64_t{2}});
                }).join();
            }).join();
        }).join();
        EXPECT_EQ(chain.size(), 3u);
    });
}

TEST_P(inheritance, a_child_launched_after_clear_starts_empty) {
    run([&] {
        fiberlog::put("a", 1);
        fiberlog::clear();
        launch_child([] { EXPECT_TRUE(fiberlog::snapshot().empty()); }).join();
    });
}

TEST_P(inheritance, child_changes_are_invisible_to_parent_and_siblings) {
    run([&] {
        fiberlog::put("shared", "parent");
        boost::fibers::barrier changed{3};
        auto sibling = [&](const char* name) {
            return launch_child([&changed, name] {
                fiberlog::put("shared", name);
                fiberlog::put(name, true);
                changed.wait();  // both siblings and the parent changed their own
                EXPECT_EQ(fiberlog::get("shared"), value{name});
                EXPECT_EQ(fiberlog::snapshot().size(), 2u);
            });
        };
        auto a = sibling("a");
        auto b = sibling("b");
        fiberlog::put("parent_only", 1);
        changed.wait();
        a.join();
        b.join();
        EXPECT_EQ(fiberlog::get("shared"), value{"parent"});
        EXPECT_EQ(fiberlog::get("a"), std::nullopt);
        EXPECT_EQ(fiberlog::get("b"), std::nullopt);
    });
}

TEST_P(inheritance, parent_changes_after_launch_are_invisible_to_the_child) {
    run([&] {
        fiberlog::put("k", "at-launch");
        boost::fibers::barrier step{2};
        auto child = launch_child([&] {
            const value* k = fiberlog::find("k");  // valid until this fiber changes its own
            ASSERT_NE(k, nullptr);
            step.wait();  // the parent changes its context now
            step.wait();
            EXPECT_EQ(fiberlog::get("k"), value{"at-launch"});
            EXPECT_EQ(fiberlog::find("k"), k);
            EXPECT_EQ(*k, value{"at-launch"});
            EXPECT_EQ(fiberlog::get("later"), std::nullopt);
        });
        step.wait();
        fiberlog::put("k", "changed");
        fiberlog::put("later", 1);
        step.wait();
        child.join();
    });
}

TEST_P(inheritance, every_fiber_reads_its_own_properties) {
    // fiber_id() finds the running fiber without asking Boost; check it against Boost's
    // own answer at every step, across yields and (under shared_work/work_stealing) threads.
    run([&] {
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < 50; ++i) {
            fibers.push_back(launch_child([&, i] {
                fiberlog::put("i", i);
                for (int step = 0; step < 20; ++step) {
                    auto& props = boost::this_fiber::properties<fiberlog::properties>();
                    ASSERT_EQ(fiberlog::fiber_id(), props.id());
                    ASSERT_EQ(fiberlog::parent_id(), props.parent_id());
                    ASSERT_EQ(fiberlog::get("i"), value{std::int64_t{i}});
                    if (step % 5 == 0) {
                        launch_child([i] { EXPECT_EQ(fiberlog::get("i"), value{std::int64_t{i}}); })
                            .join();
                    }
                    boost::this_fiber::yield();
                }
            }));
        }
        for (auto& f : fibers) f.join();
    });
}

INSTANTIATE_TEST_SUITE_P(schedulers, inheritance, ::testing::ValuesIn(fiberlog::test::all_launch_cases()),
                         [](const auto& tc) { return fiberlog::test::case_name(tc.param); });

}  // namespace
