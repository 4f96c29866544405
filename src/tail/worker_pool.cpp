#include "worker_pool.hpp"

#include <algorithm>

namespace fiberlog::tail {

worker_pool::worker_pool(unsigned threads) {
    threads_.reserve(std::max(threads, 1u));
    for (unsigned i = 0; i < std::max(threads, 1u); ++i)
        threads_.emplace_back([this, i] { run(i); });
}

worker_pool::~worker_pool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
}

void worker_pool::run(unsigned worker) {
    for (;;) {
        std::function<void(unsigned)> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job(worker);  // a packaged_task: exceptions go to its future
    }
}

unsigned default_threads() noexcept { return std::max(std::thread::hardware_concurrency(), 1u); }

}  // namespace fiberlog::tail
