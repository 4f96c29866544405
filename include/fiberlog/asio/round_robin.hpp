#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/scheduler.hpp>

#include <fiberlog/detail/idle_wait.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/lineage.hpp>

namespace fiberlog::asio {

namespace detail {
struct driver;  // the io_context side: posted wake-ups, the timer for sleeping fibers
}

/// A scheduler driven by a boost::asio::io_context: the fibers of this thread and the
/// io_context's handlers run on this thread, and the thread sleeps in the io_context (epoll)
/// when no fiber is ready -- an idle service uses no CPU. With fiberlog's lineage: every fiber
/// gets its id, its launcher as parent and its launcher's context.
///
///     auto io = std::make_shared<boost::asio::io_context>();
///     boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
///     boost::fibers::fiber(serve).detach();   // fibers do I/O with fiberlog::asio::yield
///     io->run();                              // fibers and I/O, until io->stop()
///
/// - Fibers run while io->run() runs on this thread (or while the main context waits on a
///   fiber: join, a fiber mutex...), but Asio completes operations only inside io->run():
///   call it from the main context, and do not block on a fiber operation inside an Asio
///   handler (do that in a fiber).
/// - io->run() returns only after io->stop(): the scheduler keeps the io_context busy.
///   After a stop, io->restart() and io->run() go on where it stopped.
/// - One io_context, one thread: throws std::invalid_argument when `io` is null or already
///   drives another round_robin (use_scheduling_algorithm() is noexcept: the program then
///   ends with that message); io->run() on another thread throws std::logic_error when it
///   meets the handler that runs this scheduler's fibers. A fiber that runs the io_context
///   while the thread's fibers run inside it aborts the program with a message.
/// - Before the thread ends, let its fibers end: a fiber waiting for an Asio operation needs
///   io->run() to complete it (close or cancel the I/O object first).
/// - Fibers launched or woken on other threads reach it as on Boost's schedulers; it wakes
///   from epoll for them.
class FIBERLOG_API round_robin final : public boost::fibers::algo::algorithm {
public:
    explicit round_robin(std::shared_ptr<boost::asio::io_context> io);
    ~round_robin() override;
    round_robin(const round_robin&) = delete;
    round_robin& operator=(const round_robin&) = delete;

    void awakened(boost::fibers::context* ctx) noexcept override;
    boost::fibers::context* pick_next() noexcept override;
    bool has_ready_fibers() const noexcept override;
    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override;
    void notify() noexcept override;

private:
    friend struct detail::driver;
    enum class wake_source : unsigned char { posted, notify, timer };

    // The fibers' turn, in an io_context handler on this thread: parks the context running
    // io->run() until no fiber is ready (or enough fibers were woken that I/O handlers should
    // run first), then sets the timer for the earliest sleeping fiber.
    void run_fibers(wake_source from);
    void unpark(bool idle) noexcept;
    void enqueue(boost::fibers::context* ctx) noexcept;

    lineage lineage_{this};
    boost::fibers::scheduler::ready_queue_type rqueue_;
    std::shared_ptr<detail::driver> driver_;
    std::thread::id owner_;
    // While run_fibers() runs: the context it parked (the one running io->run()), or null.
    boost::fibers::context* parked_ = nullptr;
    std::size_t turns_left_ = 0;
    bool idle_reached_ = false;  // the parked context was queued because no fiber was ready
    std::chrono::steady_clock::time_point next_wakeup_;  // then: the earliest sleeper's time
    bool run_posted_ = false;    // a run_fibers() handler is queued in the io_context
    fiberlog::detail::idle_wait idle_;  // for when the main context waits outside io->run()
};

}  // namespace fiberlog::asio
