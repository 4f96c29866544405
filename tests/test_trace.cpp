// A span per fiber: fibers launched in a trace inherit it under every scheduler and launch
// policy, each with a span of its own under its launcher's; snapshot(), attach(), wrap() and
// launch_with() carry the trace and continue the span that was active; leaving the scope
// leaves the trace; span ids are unique across threads, a scope's included.

#include <gtest/gtest.h>

#include <boost/fiber/all.hpp>
#include <fiberlog/fiberlog.hpp>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/fiber_env.hpp"
#include "support/volume.hpp"

namespace {

using fiberlog::test::launch_case;

const std::string caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const std::string caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::uint64_t caller_span = 0x00f067aa0ba902b7;

// What a fiber sees of its place in the trace.
struct place {
    std::string trace_id;
    std::uint64_t span = 0;
    std::uint64_t parent_span = 0;
    std::string traceparent;
};

place here() {
    const fiberlog::origin& o = fiberlog::current_origin();
    return {fiberlog::trace_id(), o.span, o.parent_span, fiberlog::traceparent()};
}

std::string hex16(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

TEST(trace_scope, the_scope_fiber_gets_a_span_under_the_caller_and_leaves_on_exit) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        const auto before = here();
        EXPECT_EQ(before.span, 0u);
        {
            fiberlog::trace_scope scope{caller, "congo=t61rcWkgMzE"};
            const place p = here();
            EXPECT_EQ(p.trace_id, caller_trace);
            EXPECT_NE(p.span, 0u);
            EXPECT_EQ(p.parent_span, caller_span);
            EXPECT_EQ(fiberlog::span_id(), hex16(p.span));
            EXPECT_EQ(p.traceparent, "00-" + caller_trace + "-" + hex16(p.span) + "-01");
            EXPECT_EQ(fiberlog::tracestate(), "congo=t61rcWkgMzE");
            EXPECT_EQ(fiberlog::snapshot().trace_id(), caller_trace);
        }
        const place after = here();
        EXPECT_EQ(after.trace_id, "");
        EXPECT_EQ(after.span, 0u);
        EXPECT_EQ(after.parent_span, 0u);
        EXPECT_EQ(after.traceparent, "");
    });
}

TEST(trace_scope, keys_put_inside_survive_and_nesting_restores_the_outer_trace) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        fiberlog::trace_scope outer{caller};
        const place o = here();
        {
            fiberlog::trace_scope inner{""};  // a new trace inside
            EXPECT_NE(fiberlog::trace_id(), caller_trace);
            fiberlog::put("request_id", "r-1");
        }
        EXPECT_EQ(fiberlog::get("request_id"), fiberlog::value{"r-1"});
        const place back = here();
        EXPECT_EQ(back.trace_id, caller_trace);
        EXPECT_EQ(back.span, o.span);
        EXPECT_EQ(back.parent_span, o.parent_span);
    });
}

class trace_inheritance : public ::testing::TestWithParam<launch_case> {
protected:
    void run(const std::function<void()>& body) {
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, body);
    }
    boost::fibers::fiber launch(std::function<void()> fn) {
        return boost::fibers::fiber{GetParam().policy, std::move(fn)};
    }
};

TEST_P(trace_inheritance, every_fiber_has_its_own_span_under_its_launchers) {
    run([&] {
        fiberlog::trace_scope scope{caller};
        const place root = here();
        place child, grandchild, sibling;
        launch([&] {
            child = here();
            launch([&] { grandchild = here(); }).join();
        }).join();
        launch([&] { sibling = here(); }).join();
        for (const place* p : {&child, &grandchild, &sibling}) {
            EXPECT_EQ(p->trace_id, caller_trace);
            EXPECT_NE(p->span, 0u);
            EXPECT_EQ(p->traceparent, "00-" + caller_trace + "-" + hex16(p->span) + "-01");
        }
        EXPECT_EQ(child.parent_span, root.span);
        EXPECT_EQ(sibling.parent_span, root.span);
        EXPECT_EQ(grandchild.parent_span, child.span);
        const std::set<std::uint64_t> spans{root.span, child.span, grandchild.span, sibling.span};
        EXPECT_EQ(spans.size(), 4u);
    });
}

// A fiber's span is made when it is first read: a child launched before its launcher ever read
// its own span still names, as its parent, the span the launcher reads later.
TEST_P(trace_inheritance, a_launcher_that_never_read_its_span_is_still_its_childrens_parent) {
    run([&] {
        fiberlog::trace_scope scope{caller};
        const place root = here();
        place middle, leaf, leaf_sibling;
        launch([&] {
            launch([&] {
                launch([&] { leaf = here(); }).join();  // nobody above has read a span yet
                leaf_sibling = here();
            }).join();
            middle = here();
        }).join();
        EXPECT_EQ(middle.parent_span, root.span);
        EXPECT_EQ(leaf_sibling.parent_span, middle.span);
        EXPECT_EQ(leaf.parent_span, leaf_sibling.span);
        for (const place* p : {&middle, &leaf_sibling, &leaf}) {
            EXPECT_EQ(p->trace_id, caller_trace);
            EXPECT_NE(p->span, 0u);
            EXPECT_NE(p->parent_span, 0u);
        }
        const std::set<std::uint64_t> spans{root.span, middle.span, leaf_sibling.span, leaf.span};
        EXPECT_EQ(spans.size(), 4u);
    });
}

TEST_P(trace_inheritance, fibers_launched_after_the_scope_are_outside_and_earlier_ones_stay_in) {
    run([&] {
        place inside, outside;
        boost::fibers::mutex m;
        boost::fibers::condition_variable cv;
        bool go = false;
        boost::fibers::fiber waiting;
        {
            fiberlog::trace_scope scope{caller};
            waiting = launch([&] {
                std::unique_lock<boost::fibers::mutex> lock(m);
                cv.wait(lock, [&] { return go; });
                inside = here();  // runs after the scope ended
            });
        }
        launch([&] { outside = here(); }).join();
        {
            std::lock_guard<boost::fibers::mutex> lock(m);
            go = true;
        }
        cv.notify_all();
        waiting.join();
        EXPECT_EQ(inside.trace_id, caller_trace);
        EXPECT_NE(inside.span, 0u);
        EXPECT_EQ(outside.trace_id, "");
        EXPECT_EQ(outside.span, 0u);
        EXPECT_EQ(outside.parent_span, 0u);
    });
}

TEST_P(trace_inheritance, launch_with_an_empty_context_leaves_the_trace) {
    run([&] {
        fiberlog::trace_scope scope{caller};
        place p;
        fiberlog::launch_with(GetParam().policy, fiberlog::context{}, [&] { p = here(); }).join();
        EXPECT_EQ(p.trace_id, "");
        EXPECT_EQ(p.span, 0u);
        EXPECT_EQ(p.parent_span, 0u);
        EXPECT_EQ(fiberlog::trace_id(), caller_trace);  // the launcher is still in it
    });
}

INSTANTIATE_TEST_SUITE_P(schedulers, trace_inheritance,
                         ::testing::ValuesIn(fiberlog::test::all_launch_cases()),
                         [](const auto& tc) { return fiberlog::test::case_name(tc.param); });

TEST(trace_propagation, a_snapshot_attached_on_another_thread_continues_its_span) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        fiberlog::trace_scope scope{caller};
        place child, on_thread, after_guard, launched_under;
        fiberlog::context taken;
        boost::fibers::fiber([&] {
            child = here();
            taken = fiberlog::snapshot();  // records this fiber's own span
        }).join();
        std::thread([&] {
            {
                auto guard = fiberlog::attach(taken);
                on_thread = here();
                boost::fibers::fiber([&] { launched_under = here(); }).join();
            }
            after_guard = here();
        }).join();
        EXPECT_EQ(on_thread.trace_id, caller_trace);
        EXPECT_EQ(on_thread.span, child.span);
        EXPECT_EQ(on_thread.parent_span, child.parent_span);
        EXPECT_EQ(on_thread.traceparent, child.traceparent);
        EXPECT_EQ(after_guard.trace_id, "");
        EXPECT_EQ(after_guard.span, 0u);
        // A plain thread runs Boost's default scheduler: its fibers share the thread's state.
        EXPECT_EQ(launched_under.span, child.span);
    });
}

TEST(trace_propagation, wrap_runs_in_the_callers_span_wherever_it_is_called) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        fiberlog::trace_scope scope{caller};
        place inner, wrapped;
        boost::fibers::fiber([&] {
            inner = here();
            auto task = fiberlog::wrap([&] { wrapped = here(); });
            std::thread(task).join();
        }).join();
        EXPECT_EQ(wrapped.trace_id, caller_trace);
        EXPECT_EQ(wrapped.span, inner.span);
        EXPECT_EQ(wrapped.parent_span, inner.parent_span);
    });
}

TEST(trace_propagation, launch_with_a_snapshot_makes_children_of_its_span) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::work_stealing, 2, [] {
        fiberlog::trace_scope scope{caller};
        place a, b;
        fiberlog::context taken;
        boost::fibers::fiber([&] {
            a = here();
            taken = fiberlog::snapshot();
        }).join();
        fiberlog::launch_with(taken, [&] { b = here(); }).join();
        EXPECT_EQ(b.trace_id, caller_trace);
        EXPECT_EQ(b.parent_span, a.span);
        EXPECT_NE(b.span, a.span);
        EXPECT_EQ(fiberlog::current_origin().parent_span, caller_span);  // the launcher's back
    });
}

TEST(trace_propagation, snapshots_differ_by_span_and_equal_within_one) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        fiberlog::put("k", 1);
        fiberlog::trace_scope scope{caller};
        const fiberlog::context mine = fiberlog::snapshot();
        EXPECT_TRUE(mine.same(fiberlog::snapshot()));  // the scope's fiber: no new snapshot
        fiberlog::context child_once, child_twice;
        boost::fibers::fiber([&] {
            child_once = fiberlog::snapshot();
            child_twice = fiberlog::snapshot();
        }).join();
        EXPECT_EQ(child_once, child_twice);
        EXPECT_NE(child_once, mine);  // same pairs and trace, another span
        EXPECT_EQ(child_once.trace_id(), mine.trace_id());
        EXPECT_EQ(child_once.get("k"), fiberlog::value{std::int64_t{1}});
    });
}

TEST(trace_ids, span_ids_are_unique_across_two_threads_and_many_fibers) {
    const int fibers = fiberlog::test::volume(20000);
    std::mutex m;
    std::vector<std::uint64_t> spans;
    spans.reserve(static_cast<std::size_t>(fibers) + 1);
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::work_stealing, 2, [&] {
        fiberlog::trace_scope scope{""};
        spans.push_back(fiberlog::current_origin().span);
        std::vector<boost::fibers::fiber> batch;
        for (int i = 0; i < fibers; ++i) {
            batch.emplace_back([&] {
                boost::this_fiber::yield();  // let the other thread steal some
                const std::uint64_t s = fiberlog::current_origin().span;
                std::lock_guard<std::mutex> lock(m);
                spans.push_back(s);
            });
            if (batch.size() == 256) {
                for (auto& f : batch) f.join();
                batch.clear();
            }
        }
        for (auto& f : batch) f.join();
    });
    ASSERT_EQ(spans.size(), static_cast<std::size_t>(fibers) + 1);
    const std::set<std::uint64_t> unique(spans.begin(), spans.end());
    EXPECT_EQ(unique.size(), spans.size());
    EXPECT_EQ(unique.count(0), 0u);
}

// trace_scope's spans are drawn from the same numbers as the fibers' own spans: a scope's span
// is never a fiber's, here or on another thread.
TEST(trace_ids, scope_spans_and_fiber_spans_never_meet) {
    const int fibers = fiberlog::test::volume(5000);
    std::mutex m;
    std::vector<std::uint64_t> spans;
    spans.reserve(2 * static_cast<std::size_t>(fibers) + 1);
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::work_stealing, 2, [&] {
        fiberlog::trace_scope scope{caller};
        spans.push_back(fiberlog::current_origin().span);
        std::vector<boost::fibers::fiber> batch;
        for (int i = 0; i < fibers; ++i) {
            batch.emplace_back([&, i] {
                const std::uint64_t own = fiberlog::current_origin().span;
                boost::this_fiber::yield();  // let the other thread steal some
                fiberlog::trace_scope inner{i % 2 == 0 ? caller : ""};
                const std::uint64_t scoped = fiberlog::current_origin().span;
                std::lock_guard<std::mutex> lock(m);
                spans.push_back(own);
                spans.push_back(scoped);
            });
            if (batch.size() == 256) {
                for (auto& f : batch) f.join();
                batch.clear();
            }
        }
        for (auto& f : batch) f.join();
    });
    ASSERT_EQ(spans.size(), 2 * static_cast<std::size_t>(fibers) + 1);
    const std::set<std::uint64_t> unique(spans.begin(), spans.end());
    EXPECT_EQ(unique.size(), spans.size());
    EXPECT_EQ(unique.count(0), 0u);
}

TEST(trace_ids, traces_and_their_snapshots_are_freed_with_their_fibers) {
    const std::size_t before = fiberlog::live_snapshots();
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        for (int i = 0; i < 100; ++i) {
            fiberlog::trace_scope scope{caller};
            boost::fibers::fiber([] { (void)fiberlog::snapshot(); }).join();
        }
    });
    EXPECT_EQ(fiberlog::live_snapshots(), before);
}

}  // namespace
