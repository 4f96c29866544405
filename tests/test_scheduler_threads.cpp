// fiberlog::scheduler_threads: pools formed at the same time from different threads keep
// their own threads, and a thread that fails to start makes the constructor throw instead of
// leaving the started ones waiting forever.
//
// Thread start failures are injected by interposing pthread_create in this program (every
// std::thread starts through it): armed, it fails the n-th start with EAGAIN, as the system
// does when it is out of threads or memory.

#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using fiberlog::test::current_thread;

std::atomic<int> starts_until_failure{0};  // 0: no failure armed

using pthread_create_fn = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

pthread_create_fn real_pthread_create() {
    static const pthread_create_fn real = [] {
        void* sym = dlsym(RTLD_NEXT, "pthread_create");
        pthread_create_fn fn = nullptr;
        std::memcpy(&fn, &sym, sizeof fn);
        return fn;
    }();
    return real;
}

}  // namespace

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr,
                              void* (*start)(void*), void* arg) {
    int left = starts_until_failure.load();
    while (left > 0 && !starts_until_failure.compare_exchange_weak(left, left - 1)) {
    }
    if (left == 1) return EAGAIN;
    return real_pthread_create()(thread, attr, start, arg);
}

namespace {

// Fails the n-th thread start from now (1: the next one).
void fail_thread_start(int n) { starts_until_failure = n; }

template <class Algo>
void a_helper_that_fails_to_start_stops_the_others() {
    std::thread caller([] {
        fail_thread_start(2);  // the first helper starts, the second does not
        try {
            fiberlog::scheduler_threads<Algo> pool{3};
            ADD_FAILURE() << "the constructor returned";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code(), std::errc::resource_unavailable_try_again);
        }
        EXPECT_EQ(starts_until_failure.load(), 0);
        // The thread can still form a pool, and it runs fibers on both threads.
        fiberlog::scheduler_threads<Algo> pool{2};
        std::atomic<int> ran{0};
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < 20; ++i) fibers.emplace_back([&] { ++ran; });
        for (auto& f : fibers) f.join();
        EXPECT_EQ(ran.load(), 20);
    });
    caller.join();
}

// Before: the started helper waited in work_stealing's constructor for a thread that never
// came, and the constructor's exception destroyed its joinable std::thread (terminate).
TEST(scheduler_threads, a_helper_that_fails_to_start_stops_the_others_work_stealing) {
    a_helper_that_fails_to_start_stops_the_others<fiberlog::algo::work_stealing>();
}

TEST(scheduler_threads, a_helper_that_fails_to_start_stops_the_others_shared_work) {
    a_helper_that_fails_to_start_stops_the_others<fiberlog::algo::shared_work>();
}

TEST(scheduler_threads, the_first_helper_failing_throws_too) {
    std::thread caller([] {
        fail_thread_start(1);
        EXPECT_THROW(fiberlog::scheduler_threads<fiberlog::algo::work_stealing>{2},
                     std::system_error);
    });
    caller.join();
}

// Two threads form a work_stealing pool of two each, at the same moment, many times. Pools
// formed by arrival order mixed them (the two callers in one pool, the two helpers in the
// other); each pool's fibers must run on its own threads only, so the two sets of threads
// the fibers ran on never meet.
TEST(scheduler_threads, pools_formed_at_once_from_two_threads_never_mix) {
    for (int round = 0; round < 20; ++round) {
        std::set<long> ran_on[2];
        std::atomic<int> ready{0};
        std::vector<std::thread> callers;
        for (int p = 0; p < 2; ++p)
            callers.emplace_back([&, p] {
                ++ready;
                while (ready.load() < 2) std::this_thread::yield();  // start together
                fiberlog::scheduler_threads<fiberlog::algo::work_stealing> pool{2};
                std::mutex mtx;
                std::vector<boost::fibers::fiber> fibers;
                for (int i = 0; i < 50; ++i)
                    fibers.emplace_back([&] {
                        for (int k = 0; k < 5; ++k) {
                            {
                                std::lock_guard<std::mutex> lk{mtx};
                                ran_on[p].insert(current_thread());
                            }
                            boost::this_fiber::yield();
                        }
                    });
                for (auto& f : fibers) f.join();
                std::lock_guard<std::mutex> lk{mtx};
                ran_on[p].insert(current_thread());
            });
        for (auto& c : callers) c.join();
        for (const auto& id : ran_on[0])
            ASSERT_EQ(ran_on[1].count(id), 0u) << "round " << round << ": a thread ran both pools' fibers";
        EXPECT_LE(ran_on[0].size(), 2u);
        EXPECT_LE(ran_on[1].size(), 2u);
    }
}

}  // namespace
