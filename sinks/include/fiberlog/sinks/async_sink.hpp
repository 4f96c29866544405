#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/fiber/condition_variable.hpp>
#include <spdlog/sinks/sink.h>

#include <fiberlog/export.hpp>

namespace fiberlog::sinks {

/// What async_sink does with a record when its queue is full.
enum class overflow_policy {
    block,        ///< Wait for room. A fiber waits as a fiber: the thread runs other fibers.
    drop_newest,  ///< Discard the new record and count it in dropped().
    drop_oldest,  ///< Discard the oldest queued record, count it, and queue the new one.
};

struct async_options {
    std::size_t queue_size = 8192;  ///< Records accepted but not yet written; at least 1.
    overflow_policy overflow = overflow_policy::block;
    /// When true, set_formatter()/set_pattern() on this sink leave the wrapped sinks'
    /// formatters alone. spdlog calls them whenever a logger using this sink gets a
    /// formatter (logger::set_formatter, fiberlog::install, spdlog::initialize_logger);
    /// set this to give each wrapped sink its own format, e.g. text on the console and
    /// JSON lines in a file.
    bool keep_sink_formatters = false;
};

namespace detail {
struct async_record;
}

/// A spdlog sink that captures each record's fiber id, parent id and context snapshot where
/// the record is logged, and formats and writes it on a background thread with that
/// context, through the sinks it wraps (any spdlog sinks, `_st` ones included: only the
/// background thread calls them).
///
/// spdlog's own async_logger formats on its worker thread, where `%G`/`%K` would read the
/// worker's context; this sink is how to log asynchronously and keep the right context:
///
///     auto file = std::make_shared<spdlog::sinks::basic_file_sink_st>("app.jsonl");
///     auto async = std::make_shared<fiberlog::sinks::async_sink>(file);
///     auto logger = std::make_shared<spdlog::logger>("app", async);
///     logger->set_formatter(fiberlog::json_formatter());
///
/// flush() returns when everything accepted before it is written and the wrapped sinks are
/// flushed; the destructor does the same, so nothing accepted is lost. An exception thrown
/// by a wrapped sink is counted in failed() and reported to the error handler; the worker
/// goes on with the next record and sink.
class FIBERLOG_API async_sink final : public spdlog::sinks::sink {
public:
    /// The default error handler: like spdlog's own, a line on stderr, at most one a second.
    using error_handler = std::function<void(const std::string& message)>;

    explicit async_sink(std::vector<spdlog::sink_ptr> sinks, async_options options = {});
    explicit async_sink(spdlog::sink_ptr wrapped, async_options options = {});
    ~async_sink() override;
    async_sink(const async_sink&) = delete;
    async_sink& operator=(const async_sink&) = delete;

    void log(const spdlog::details::log_msg& msg) override;
    void flush() override;
    /// Gives each wrapped sink fiberlog::pattern_formatter(pattern), unless
    /// keep_sink_formatters.
    void set_pattern(const std::string& pattern) override;
    /// Gives each wrapped sink a clone of `formatter`, unless keep_sink_formatters.
    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override;

    void set_error_handler(error_handler handler);

    /// Records discarded by a drop policy since construction.
    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
    /// Records at least one wrapped sink threw on.
    std::uint64_t failed() const noexcept { return failed_.load(std::memory_order_relaxed); }

private:
    void run();
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
    bool worker_idle_ = false;
    bool stopping_ = false;
    std::condition_variable has_work_;  // the worker is a plain thread and waits as one
    // Producers and flush() may be fibers: they wait as fibers, without holding the thread.
    boost::fibers::condition_variable_any has_room_;
    boost::fibers::condition_variable_any has_flushed_;

    std::mutex sinks_mutex_;  // the worker's writes vs set_formatter()/set_error_handler()
    error_handler on_error_;
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::thread worker_;
};

}  // namespace fiberlog::sinks
