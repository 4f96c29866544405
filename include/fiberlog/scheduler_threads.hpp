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
/// A work_stealing pool has its own algo::work_stealing::pool, so pools formed at the same
/// time from different threads never mix their threads. If a new thread fails to start, the
/// constructor stops the ones that started and throws what std::thread threw
/// (std::system_error); the calling thread then has no fiberlog scheduler installed (Boost
/// may have given it its default one).
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
    explicit scheduler_threads(unsigned threads)
        : threads_(threads < 1 ? 1 : threads), pool_(make_pool(threads_)) {
        try {
            for (unsigned i = 1; i < threads_; ++i) helpers_.emplace_back([this] { serve(); });
        } catch (...) {
            // The started threads may wait in work_stealing's constructor for the others.
            if constexpr (stealing) pool_.close();
            stop();
            throw;
        }
        install();
    }

    ~scheduler_threads() { stop(); }

    scheduler_threads(const scheduler_threads&) = delete;
    scheduler_threads& operator=(const scheduler_threads&) = delete;

private:
    static constexpr bool stealing = std::is_same_v<Algo, algo::work_stealing>;
    struct no_pool {};
    using pool_type = std::conditional_t<stealing, algo::work_stealing::pool, no_pool>;

    static pool_type make_pool(unsigned threads) {
        if constexpr (stealing)
            return pool_type{threads};
        else
            return pool_type{};
    }

    void install() {
        if constexpr (stealing)
            boost::fibers::use_scheduling_algorithm<Algo>(pool_);
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

    // Ends the helpers: they leave serve() and meet this thread, then are joined.
    void stop() {
        {
            std::unique_lock<boost::fibers::mutex> lock{mutex_};
            done_ = true;
        }
        stop_.notify_all();
        meet();
        for (auto& t : helpers_) t.join();
    }

    void meet() {
        const std::size_t members = helpers_.size() + 1;  // the helpers that started, and us
        std::unique_lock<std::mutex> lock{exit_mutex_};
        if (++met_ == members) all_met_.notify_all();
        all_met_.wait(lock, [&] { return met_ == members; });
    }

    const unsigned threads_;
    pool_type pool_;
    bool done_ = false;
    boost::fibers::mutex mutex_;
    boost::fibers::condition_variable stop_;
    std::mutex exit_mutex_;
    std::condition_variable all_met_;
    std::size_t met_ = 0;
    std::vector<std::thread> helpers_;
};

}  // namespace fiberlog
