#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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
    /// When true, a crash still writes what this sink accepted: on SIGSEGV, SIGBUS, SIGFPE,
    /// SIGILL, SIGABRT and std::terminate, the worker writes every record whose log() had
    /// returned and flushes the wrapped sinks, waiting at most drain_on_crash_timeout; then
    /// the process dies of the original signal (handlers installed before are chained). The
    /// first such sink installs process-wide handlers, which stay. At most 64 such sinks
    /// alive at once (the 65th throws std::length_error). What is and is not guaranteed:
    /// README, "Crashes".
    bool drain_on_crash = false;
    /// How long a crash waits for this sink's worker before giving up on it; not negative.
    std::chrono::milliseconds drain_on_crash_timeout{10000};
};

/// A spdlog sink that captures each record's fiber id, parent id and context where
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
///
/// The queue, the worker thread and their synchronisation live in the source file (a pimpl):
/// including this header costs no <thread>, <condition_variable> or Boost.Fiber headers.
class FIBERLOG_API async_sink final : public spdlog::sinks::sink {
public:
    /// The default error handler: like spdlog's own, a line on stderr, at most one a second.
    using error_handler = std::function<void(const std::string& message)>;

    /// Starts the worker thread. Throws std::invalid_argument when queue_size is 0 or a
    /// wrapped sink is null, std::system_error when the thread cannot start.
    explicit async_sink(std::vector<spdlog::sink_ptr> sinks, async_options options = {});
    explicit async_sink(spdlog::sink_ptr wrapped, async_options options = {});
    /// Writes everything accepted, flushes the wrapped sinks and joins the worker.
    ~async_sink() override;
    async_sink(const async_sink&) = delete;
    async_sink& operator=(const async_sink&) = delete;

    /// Captures the call site's fiber, parent and context with a copy of `msg` and queues
    /// it; when the queue is full, does what options.overflow says. Any thread or fiber.
    void log(const spdlog::details::log_msg& msg) override;
    /// Returns when every record accepted before the call is written and the wrapped sinks
    /// are flushed; a fiber waits as a fiber. Any thread or fiber.
    void flush() override;
    /// Gives each wrapped sink fiberlog::pattern_formatter(pattern), unless
    /// keep_sink_formatters.
    void set_pattern(const std::string& pattern) override;
    /// Gives each wrapped sink a clone of `formatter`, unless keep_sink_formatters.
    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override;

    /// Replaces the handler that receives wrapped sinks' failures (an empty one restores
    /// the default). It is called on the worker thread, never concurrently with itself; an
    /// exception it throws is swallowed.
    void set_error_handler(error_handler handler);

    /// Records discarded by a drop policy since construction. Any thread.
    std::uint64_t dropped() const noexcept;
    /// Records at least one wrapped sink threw on. Any thread.
    std::uint64_t failed() const noexcept;

private:
    struct impl;
    const std::unique_ptr<impl> impl_;
};

}  // namespace fiberlog::sinks
