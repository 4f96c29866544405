// What ids.hpp, context.hpp, cancel.hpp and deadline.hpp promise about allocation: the
// noexcept readers allocate at most on a thread's first call, and the scope destructors
// (whose allocation failure could only end in std::terminate) allocate only when the context
// was replaced inside the scope. A replaced global operator new counts the calling thread's
// allocations.

#include <chrono>
#include <cstdlib>
#include <new>
#include <optional>
#include <thread>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

thread_local bool counting = false;  // trivial: reading it allocates nothing
thread_local long allocations = 0;

// Counts the calling thread's allocations while alive.
class count_allocations {
public:
    count_allocations() {
        allocations = 0;
        counting = true;
    }
    ~count_allocations() { counting = false; }
    long count() const { return allocations; }
};

}  // namespace

void* operator new(std::size_t size) {
    if (counting) ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc{};
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace std::chrono_literals;

void call_every_reader() {
    (void)fiberlog::fiber_id();
    (void)fiberlog::parent_id();
    (void)fiberlog::cancelled();
    (void)fiberlog::deadline();
    (void)fiberlog::remaining();
    (void)fiberlog::expired();
}

TEST(allocation, readers_allocate_nothing_after_a_threads_first_call) {
    std::thread([] {  // no fiber scheduler
        call_every_reader();
        count_allocations c;
        call_every_reader();
        EXPECT_EQ(c.count(), 0);
    }).join();
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        call_every_reader();  // the main context, before it ever yielded
        {
            count_allocations c;
            call_every_reader();
            EXPECT_EQ(c.count(), 0);
        }
        boost::fibers::fiber([] {  // a launched fiber: its properties exist already
            count_allocations c;
            call_every_reader();
            EXPECT_EQ(c.count(), 0);
        }).join();
    });
}

TEST(allocation, scope_destructors_allocate_only_when_the_context_was_replaced_inside) {
    std::thread([] {
        std::optional<fiberlog::scoped> key;
        std::optional<fiberlog::cancel_scope> cancel;
        std::optional<fiberlog::deadline_scope> deadline;
        key.emplace("k", 1);
        cancel.emplace();
        deadline.emplace(1h);
        {
            count_allocations c;
            deadline.reset();
            cancel.reset();
            key.reset();
            EXPECT_EQ(c.count(), 0);
        }
        {
            const fiberlog::context other = fiberlog::context{}.with("a", 1);
            count_allocations c;
            { auto guard = fiberlog::attach(other); }
            EXPECT_EQ(c.count(), 0);
        }
        // The documented exception: another key put inside the scope and left there.
        key.emplace("k", 1);
        fiberlog::put("other", 2);
        {
            count_allocations c;
            key.reset();
            EXPECT_GT(c.count(), 0);
        }
        EXPECT_EQ(fiberlog::get("other"), fiberlog::value{std::int64_t{2}});
        EXPECT_FALSE(fiberlog::get("k"));
    }).join();
}

}  // namespace
