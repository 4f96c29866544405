#pragma once

// A few threads that run jobs in the order they were queued, for reading inputs in parallel.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace fiberlog::tail {

class worker_pool {
public:
    // Starts `threads` threads (at least one).
    explicit worker_pool(unsigned threads);
    // Drops the jobs not started yet (their futures report std::future_error) and waits for
    // the running ones.
    ~worker_pool();
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    unsigned size() const noexcept { return static_cast<unsigned>(threads_.size()); }

    // Queues job(worker), where `worker` < size() tells which thread runs it, so that a job
    // can use that thread's own state. The future holds its result or its exception.
    template <class Job>
    auto submit(Job&& job) -> std::future<std::invoke_result_t<Job&, unsigned>> {
        using result = std::invoke_result_t<Job&, unsigned>;
        auto task = std::make_shared<std::packaged_task<result(unsigned)>>(std::forward<Job>(job));
        std::future<result> done = task->get_future();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            jobs_.emplace_back([task](unsigned worker) { (*task)(worker); });
        }
        wake_.notify_one();
        return done;
    }

private:
    void run(unsigned worker);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void(unsigned)>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// The number of threads fiberlog-tail reads with by default: one per core.
unsigned default_threads() noexcept;

}  // namespace fiberlog::tail
