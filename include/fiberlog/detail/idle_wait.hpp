#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <fiberlog/export.hpp>

namespace fiberlog::detail {

// How an idle scheduler thread sleeps until a time point or until another thread makes a
// fiber ready for it: Boost's algorithms all do it this way, so fiberlog's share it (exported
// for fiberlog::asio's round_robin, which sleeps so when the main context waits outside
// io_context::run()).
class FIBERLOG_API idle_wait {
public:
    // suspend_until(): returns at `tp` (max() = no time limit) or after wake().
    void sleep_until(std::chrono::steady_clock::time_point const& tp) noexcept;
    // notify(): ends the current or the next sleep.
    void wake() noexcept;

private:
    std::mutex mtx_;
    std::condition_variable cnd_;
    bool flag_ = false;
};

}  // namespace fiberlog::detail
