#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>
#include <boost/fiber/operations.hpp>

#include <fiberlog/algo/work_stealing.hpp>

namespace fiberlog {

/// Makes the calling thread and `threads - 1` new threads one pool of `Algo` --
/// `algo::work_stealing` or `algo::shared_work` -- so that fibers launched on any of them
/// may run on all of them. The new threads serve fibers until this object is destroyed:
///
///     fiberlog::scheduler_threads<fiberlog::algo::work_stealing> pool{2};
///     boost::fibers::fiber handler{handle_request};
///     handler.join();   // join your fibers before the pool goes away
///
/// Destroy it on the thread that created it, once the fibers launched in the pool have
/// finished, as with Boost's own schedulers. Why not simply notify the threads and join
/// them: waking a fiber that waits on another thread (Boost 1.74's schedule_from_remote)
/// still uses that thread's scheduler after the fiber can already run, so a thread must not
/// exit -- destroying its scheduler -- before every thread is past its last such wake-up.
/// The destructor makes all the threads meet on a plain mutex before any of them ends.
template <class Algo>
class scheduler_threads {
public:
    explicit scheduler_threads(unsigned threads) : threads_(threads < 1 ? 1 : threads) {
        for (unsigned i = 1; i < threads_; ++i) helpers_.emplace_back([this] { serve(); });
        install();
    }

    ~scheduler_threads() {
        {
            std::unique_lock<boost::fibers::mutex> lock{mutex_};
            done_ = true;
        }
        stop_.notify_all();
        meet();
        for (auto& t : helpers_) t.join();
    }

    scheduler_threads(const scheduler_threads&) = delete;
    scheduler_threads& operator=(const scheduler_threads&) = delete;

private:
    void install() {
        if constexpr (std::is_same_v<Algo, algo::work_stealing>)
            boost::fibers::use_scheduling_algorithm<Algo>(threads_);
        else
            boost::fibers::use_scheduling_algorithm<Algo>();
    }

    void serve() {
        install();
        {
            std::unique_lock<boost::fibers::mutex> lock{mutex_};
            stop_.wait(lock, [this] { return done_; });  // runs fibers meanwhile
        }
        meet();
    }

    void meet() {
        std::unique_lock<std::mutex> lock{exit_mutex_};
        if (++met_ == threads_) all_met_.notify_all();
        all_met_.wait(lock, [this] { return met_ == threads_; });
    }

    const unsigned threads_;
    bool done_ = false;
    boost::fibers::mutex mutex_;
    boost::fibers::condition_variable stop_;
    std::mutex exit_mutex_;
    std::condition_variable all_met_;
    unsigned met_ = 0;
    std::vector<std::thread> helpers_;
};

}  // namespace fiberlog
