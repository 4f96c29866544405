#include <fiberlog/sinks/async_sink.hpp>

#include <semaphore.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <boost/fiber/condition_variable.hpp>
#include <spdlog/details/log_msg_buffer.h>

#include <fiberlog/spdlog.hpp>

#include "crash_drain.hpp"
#include "record_origin.hpp"

namespace fiberlog::sinks {

namespace detail {

// A record as the call site saw it: spdlog's message with its own copy of the text, and
// the origin (fiber, parent, context snapshot, span) to format it with.
struct async_record {
    spdlog::details::log_msg_buffer msg;
    std::uint64_t fiber = 0;
    std::uint64_t parent = 0;
    context ctx;
    std::chrono::steady_clock::time_point logged_at;
    std::uint64_t span = 0;
    std::uint64_t parent_span = 0;
};

}  // namespace detail

namespace {

// Like spdlog's default error handler: one line on stderr, at most once a second.
async_sink::error_handler default_error_handler() {
    return [last = std::chrono::steady_clock::time_point{}, skipped = 0ull](
               const std::string& message) mutable {
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::seconds(1) && last != std::chrono::steady_clock::time_point{}) {
            ++skipped;
            return;
        }
        last = now;
        std::fprintf(stderr, "[*** LOG ERROR ***] [fiberlog::sinks::async_sink] %s (%llu more)\n",
                     message.c_str(), skipped);
        skipped = 0;
    };
}

// A POSIX semaphore: what the worker sleeps on. Unlike a condition variable, it can be
// posted from a signal handler (sem_post is async-signal-safe), which is how a crash wakes
// the worker to drain.
class semaphore {
public:
    semaphore() {
        if (::sem_init(&sem_, 0, 0) != 0)
            throw std::system_error(errno, std::generic_category(), "sem_init");
    }
    ~semaphore() { ::sem_destroy(&sem_); }
    semaphore(const semaphore&) = delete;
    semaphore& operator=(const semaphore&) = delete;

    void post() noexcept { ::sem_post(&sem_); }
    void wait() noexcept {
        while (::sem_wait(&sem_) != 0 && errno == EINTR) {
        }
    }
    sem_t* native() noexcept { return &sem_; }

private:
    sem_t sem_;
};

}  // namespace

// The queue, the worker and everything they synchronise with: the sink's whole state.
struct async_sink::impl {
    impl(std::vector<spdlog::sink_ptr> sinks, async_options options);
    ~impl();
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    void log(const spdlog::details::log_msg& msg);
    void flush();
    void run();
    void take_crash_request();
    void write(const detail::async_record& record);
    void report(const std::string& message);

    const std::vector<spdlog::sink_ptr> sinks_;
    const async_options options_;

    std::mutex mutex_;  // guards the queue and the counters below
    std::vector<detail::async_record> ring_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    std::uint64_t accepted_ = 0;     // records queued so far
    std::uint64_t done_ = 0;         // of those, written or dropped from the queue
    std::uint64_t flush_target_ = 0; // flush() waits until done_ reaches this
    std::uint64_t flushed_ = 0;      // done_ at the worker's last flush of the sinks
    bool worker_idle_ = false;  // the worker sleeps on has_work_, or is about to
    bool stopping_ = false;
    // A crash drain the worker is serving (drain_on_crash): the request's number, and the
    // records accepted when it saw it; served once flushed_ reaches that.
    std::uint64_t crash_seen_ = 0;
    std::uint64_t crash_target_ = 0;
    semaphore has_work_;  // posted by producers, flush(), the destructor and crash handlers
    // Producers and flush() may be fibers: they wait as fibers, without holding the thread.
    boost::fibers::condition_variable_any has_room_;
    boost::fibers::condition_variable_any has_flushed_;

    std::mutex sinks_mutex_;  // the worker's writes vs set_formatter()/set_error_handler()
    error_handler on_error_;
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint64_t> failed_{0};

    detail::crash_channel channel_;
    std::optional<detail::crash_registration> registration_;  // with drain_on_crash
    std::thread worker_;
};

async_sink::impl::impl(std::vector<spdlog::sink_ptr> sinks, async_options options)
    : sinks_(std::move(sinks)), options_(options), on_error_(default_error_handler()) {
    if (options_.queue_size == 0)
        throw std::invalid_argument("fiberlog::sinks::async_sink: queue_size must be at least 1");
    for (const auto& s : sinks_)
        if (!s) throw std::invalid_argument("fiberlog::sinks::async_sink: a wrapped sink is null");
    if (options_.drain_on_crash_timeout.count() < 0)
        throw std::invalid_argument(
            "fiberlog::sinks::async_sink: drain_on_crash_timeout must not be negative");
    ring_.resize(options_.queue_size);
    channel_.wake = has_work_.native();
    channel_.timeout_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.drain_on_crash_timeout)
            .count();
    channel_.pid = ::getpid();
    // Registered before the worker starts: a crash from now on finds the sink, and the
    // worker serves the drain as soon as it runs.
    if (options_.drain_on_crash) registration_.emplace(channel_);
    worker_ = std::thread([this] { run(); });
}

async_sink::impl::~impl() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    has_work_.post();
    worker_.join();
    // Only now: a crash during the shutdown above still waited for the worker's last writes.
    registration_.reset();
}

void async_sink::impl::log(const spdlog::details::log_msg& msg) {
    const fiberlog::detail::record_origin origin = fiberlog::detail::current_origin();
    detail::async_record record{spdlog::details::log_msg_buffer(msg), origin.fiber,
                                origin.parent, *origin.ctx, {}, origin.span, origin.parent_span};
    // The remaining time to a deadline is measured where the line was logged.
    if (record.ctx.deadline()) record.logged_at = std::chrono::steady_clock::now();
    bool wake_worker = false;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (size_ == ring_.size()) {
            switch (options_.overflow) {
            case overflow_policy::block:
                has_room_.wait(lock, [&] { return size_ < ring_.size(); });
                break;
            case overflow_policy::drop_newest:
                dropped_.fetch_add(1, std::memory_order_relaxed);
                return;
            case overflow_policy::drop_oldest:
                ring_[head_] = detail::async_record{};  // let go of its context now
                head_ = (head_ + 1) % ring_.size();
                --size_;
                ++done_;
                dropped_.fetch_add(1, std::memory_order_relaxed);
                break;
            }
        }
        ring_[(head_ + size_) % ring_.size()] = std::move(record);
        ++size_;
        ++accepted_;
        wake_worker = worker_idle_;
        worker_idle_ = false;
    }
    if (wake_worker) has_work_.post();
}

void async_sink::impl::flush() {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t target = accepted_;
    flush_target_ = std::max(flush_target_, target);
    if (worker_idle_) {
        worker_idle_ = false;
        has_work_.post();
    }
    has_flushed_.wait(lock, [&] { return flushed_ >= target; });
}

void async_sink::impl::run() {
    channel_.worker_tid.store(detail::current_thread_id());
    std::vector<detail::async_record> batch;
    batch.reserve(ring_.size());
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        while (size_ == 0 && flush_target_ <= flushed_ && !stopping_ &&
               channel_.requested.load(std::memory_order_acquire) == crash_seen_) {
            worker_idle_ = true;
            lock.unlock();
            has_work_.wait();  // extra posts (a crash handler's) only cost a spurious loop
            lock.lock();
        }
        worker_idle_ = false;
        take_crash_request();
        const bool stop = stopping_ && size_ == 0;
        for (; size_ > 0; --size_, head_ = (head_ + 1) % ring_.size())
            batch.push_back(std::move(ring_[head_]));
        const std::uint64_t taken = batch.size();
        // Notify under the lock: a woken fiber of another thread cannot return from its wait
        // (and let its thread exit and destroy its scheduler) before notify_all() is done
        // with that scheduler.
        has_room_.notify_all();
        lock.unlock();

        for (const auto& record : batch) write(record);
        batch.clear();

        lock.lock();
        done_ += taken;  // drop_oldest may have added to done_ meanwhile
        // Flush once everything a flush() waits for is written, not after every batch.
        if ((flush_target_ > flushed_ && done_ >= flush_target_) || stop) {
            const std::uint64_t flushed = done_;
            lock.unlock();
            std::lock_guard<std::mutex> sinks_lock(sinks_mutex_);
            for (const auto& s : sinks_) {
                try {
                    s->flush();
                } catch (const std::exception& e) {
                    report(std::string("flush failed: ") + e.what());
                } catch (...) {
                    report("flush failed: unknown exception");
                }
            }
            lock.lock();
            flushed_ = std::max(flushed_, flushed);
            has_flushed_.notify_all();  // under the lock, as has_room_ above
        }
        if (flushed_ >= crash_target_)
            channel_.served.store(crash_seen_, std::memory_order_release);
        if (stop) {
            // Everything accepted is written and flushed: no drain needs this worker again.
            channel_.served.store(std::numeric_limits<std::uint64_t>::max(),
                                  std::memory_order_release);
            return;
        }
    }
}

// A crash handler asked for a drain (drain_on_crash): everything accepted until now is to be
// written and flushed, like a flush() that nobody waits on. Under mutex_.
void async_sink::impl::take_crash_request() {
    const std::uint64_t requested = channel_.requested.load(std::memory_order_acquire);
    if (requested == crash_seen_) return;
    crash_seen_ = requested;
    crash_target_ = accepted_;
    flush_target_ = std::max(flush_target_, accepted_);
}

void async_sink::impl::write(const detail::async_record& record) {
    const fiberlog::detail::record_origin origin{record.fiber, record.parent, &record.ctx,
                                                 record.span, record.parent_span,
                                                 record.logged_at};
    fiberlog::detail::origin_override as_logged(origin);
    std::lock_guard<std::mutex> sinks_lock(sinks_mutex_);
    bool failed = false;
    for (const auto& s : sinks_) {
        if (!s->should_log(record.msg.level)) continue;
        try {
            s->log(record.msg);
        } catch (const std::exception& e) {
            failed = true;
            report(e.what());
        } catch (...) {
            failed = true;
            report("unknown exception");
        }
    }
    if (failed) failed_.fetch_add(1, std::memory_order_relaxed);
}

void async_sink::impl::report(const std::string& message) {
    // Called with sinks_mutex_ held, so the handler is never called concurrently.
    try {
        on_error_(message);
    } catch (...) {
        // An error handler that throws must not end the worker: nothing else can report it.
    }
}

async_sink::async_sink(std::vector<spdlog::sink_ptr> sinks, async_options options)
    : impl_(std::make_unique<impl>(std::move(sinks), options)) {}

async_sink::async_sink(spdlog::sink_ptr wrapped, async_options options)
    : async_sink(std::vector<spdlog::sink_ptr>{std::move(wrapped)}, options) {}

async_sink::~async_sink() = default;

void async_sink::log(const spdlog::details::log_msg& msg) { impl_->log(msg); }

void async_sink::flush() { impl_->flush(); }

void async_sink::set_pattern(const std::string& pattern) {
    if (impl_->options_.keep_sink_formatters) return;
    set_formatter(fiberlog::pattern_formatter(pattern));
}

void async_sink::set_formatter(std::unique_ptr<spdlog::formatter> formatter) {
    if (impl_->options_.keep_sink_formatters) return;
    std::lock_guard<std::mutex> sinks_lock(impl_->sinks_mutex_);
    for (const auto& s : impl_->sinks_) s->set_formatter(formatter->clone());
}

void async_sink::set_error_handler(error_handler handler) {
    std::lock_guard<std::mutex> sinks_lock(impl_->sinks_mutex_);
    impl_->on_error_ = handler ? std::move(handler) : default_error_handler();
}

std::uint64_t async_sink::dropped() const noexcept {
    return impl_->dropped_.load(std::memory_order_relaxed);
}

std::uint64_t async_sink::failed() const noexcept {
    return impl_->failed_.load(std::memory_order_relaxed);
}

}  // namespace fiberlog::sinks
