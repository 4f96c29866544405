#pragma once

// A scheduler of your own with fiberlog: Boost.Fiber's classic priority scheduler (one thread,
// the highest priority runs first, FIFO among equals) whose fibers also get fiberlog's ids and
// inherited contexts. What it takes: properties derived from fiberlog::properties, a
// fiberlog::lineage member, and two calls (marked "fiberlog" below).

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/scheduler.hpp>

#include <fiberlog/lineage.hpp>
#include <fiberlog/properties.hpp>

namespace example {

// A fiber's priority, beside fiberlog's id, parent and context in one properties object.
class priority_props : public fiberlog::properties {
public:
    using fiberlog::properties::properties;

    int priority() const noexcept { return priority_; }

    // notify() tells the scheduler, which reorders the fiber if it is waiting to run.
    void set_priority(int p) noexcept {
        if (p == priority_) return;
        priority_ = p;
        notify();
    }

private:
    int priority_ = 0;
};

class priority_scheduler final
    : public boost::fibers::algo::algorithm_with_properties<priority_props> {
public:
    void awakened(boost::fibers::context* ctx, priority_props& props) noexcept override {
        lineage_.awakened(ctx);  // fiberlog: first thing
        const int p = props.priority();
        auto first_lower = std::find_if(rqueue_.begin(), rqueue_.end(),
                                        [&](boost::fibers::context& queued) {
                                            return properties(&queued).priority() < p;
                                        });
        rqueue_.insert(first_lower, *ctx);
    }

    boost::fibers::context* pick_next() noexcept override {
        boost::fibers::context* next = nullptr;
        if (!rqueue_.empty()) {
            next = &rqueue_.front();
            rqueue_.pop_front();
        }
        lineage_.picked(next);  // fiberlog: with the result, nullptr too
        return next;
    }

    bool has_ready_fibers() const noexcept override { return !rqueue_.empty(); }

    void property_change(boost::fibers::context* ctx, priority_props& props) noexcept override {
        if (!ctx->ready_is_linked()) return;  // running or waiting: its next wake-up sorts it
        ctx->ready_unlink();
        awakened(ctx, props);
    }

    void suspend_until(std::chrono::steady_clock::time_point const& until) noexcept override {
        std::unique_lock<std::mutex> lock{mutex_};
        if (until == (std::chrono::steady_clock::time_point::max)())
            woken_.wait(lock, [this] { return flag_; });
        else
            woken_.wait_until(lock, until, [this] { return flag_; });
        flag_ = false;
    }

    void notify() noexcept override {
        {
            std::lock_guard<std::mutex> lock{mutex_};
            flag_ = true;
        }
        woken_.notify_all();
    }

private:
    fiberlog::lineage lineage_{this};  // fiberlog: built with the scheduler, on its thread
    boost::fibers::scheduler::ready_queue_type rqueue_;
    std::mutex mutex_;
    std::condition_variable woken_;
    bool flag_ = false;
};

}  // namespace example
