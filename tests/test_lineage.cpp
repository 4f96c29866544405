// fiberlog::lineage in a user's own scheduler: examples/priority_scheduler.hpp, built on
// Boost's algorithm_with_properties<P> with P derived from fiberlog::properties. The
// inheritance matrix runs under it in test_inheritance, test_deadline and test_cancel; this
// file checks what is particular to a user's scheduler: its own properties type and order.

#include <string>
#include <typeinfo>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "priority_scheduler.hpp"
#include "support/fiber_env.hpp"

namespace {

using boost::fibers::launch;
using example::priority_props;
using fiberlog::value;

void run_under_priority_scheduler(const std::function<void()>& body) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::user_priority, 1, body);
}

boost::fibers::fiber with_priority(int priority, std::function<void()> fn) {
    boost::fibers::fiber f{std::move(fn)};
    f.properties<priority_props>().set_priority(priority);
    return f;
}

TEST(lineage, the_highest_priority_runs_first_and_every_fiber_has_its_lineage) {
    run_under_priority_scheduler([] {
        fiberlog::put("request_id", "r-1");
        const auto main_id = fiberlog::fiber_id();
        std::vector<int> order;
        std::vector<std::uint64_t> ids;
        auto body = [&](int priority) {
            return [&, priority] {
                order.push_back(priority);
                ids.push_back(fiberlog::fiber_id());
                EXPECT_EQ(fiberlog::parent_id(), main_id);
                EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
            };
        };
        auto low = with_priority(1, body(1));
        auto high = with_priority(3, body(3));
        auto mid = with_priority(2, body(2));
        low.join();
        high.join();
        mid.join();
        EXPECT_EQ(order, (std::vector<int>{3, 2, 1}));
        ASSERT_EQ(ids.size(), 3u);
        EXPECT_NE(ids[0], ids[1]);
        EXPECT_NE(ids[1], ids[2]);
        EXPECT_NE(ids[0], ids[2]);
    });
}

TEST(lineage, a_priority_changed_while_ready_reorders_the_fiber) {
    run_under_priority_scheduler([] {
        std::vector<std::string> order;
        auto first = with_priority(5, [&] { order.push_back("first"); });
        auto second = with_priority(4, [&] { order.push_back("second"); });
        second.properties<priority_props>().set_priority(9);  // property_change()
        first.join();
        second.join();
        EXPECT_EQ(order, (std::vector<std::string>{"second", "first"}));
    });
}

TEST(lineage, properties_fiberlog_makes_early_are_the_schedulers_own_type) {
    run_under_priority_scheduler([] {
        // The main context has not yielded: Boost has made no properties for it yet, so
        // fiberlog makes them here, through the scheduler's new_properties().
        fiberlog::put("tenant", "acme");
        auto* main_props = boost::fibers::context::active()->get_properties();
        ASSERT_NE(main_props, nullptr);
        EXPECT_NE(dynamic_cast<priority_props*>(main_props), nullptr)
            << typeid(*main_props).name();

        // launch::dispatch runs the child before Boost ever awakens it: fiberlog makes its
        // properties, and they are a priority_props.
        const auto main_id = fiberlog::fiber_id();
        boost::fibers::fiber child{launch::dispatch, [&] {
            auto* props = boost::fibers::context::active()->get_properties();
            ASSERT_NE(props, nullptr);
            auto* mine = dynamic_cast<priority_props*>(props);
            ASSERT_NE(mine, nullptr) << typeid(*props).name();
            EXPECT_EQ(mine->id(), fiberlog::fiber_id());
            EXPECT_EQ(fiberlog::parent_id(), main_id);
            EXPECT_EQ(fiberlog::get("tenant"), value{"acme"});
            mine->set_priority(7);
            boost::this_fiber::yield();
            EXPECT_EQ(boost::this_fiber::properties<priority_props>().priority(), 7);
        }};
        child.join();
    });
}

TEST(lineage, grandchildren_launched_by_dispatch_inherit_under_the_users_scheduler) {
    run_under_priority_scheduler([] {
        fiberlog::put("level", 0);
        std::uint64_t child_id = 0, grandchild_parent = 0;
        value grandchild_sees;
        boost::fibers::fiber{launch::dispatch, [&] {
            child_id = fiberlog::fiber_id();
            fiberlog::put("level", 1);
            boost::fibers::fiber{launch::dispatch, [&] {
                grandchild_parent = fiberlog::parent_id();
                grandchild_sees = *fiberlog::get("level");
            }}.join();
        }}.join();
        EXPECT_EQ(grandchild_parent, child_id);
        EXPECT_EQ(grandchild_sees, value{std::int64_t{1}});
        EXPECT_EQ(fiberlog::get("level"), value{std::int64_t{0}});
    });
}

}  // namespace
