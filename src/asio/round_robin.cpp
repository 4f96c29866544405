#include <fiberlog/asio/round_robin.hpp>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include <boost/asio/execution_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/fiber/context.hpp>

// How it works. The thread's main context runs io->run(); the fibers get their turn inside an
// io_context handler, run_fibers(), which parks the main context (suspends it without queueing
// it). Boost's dispatcher then runs every ready fiber, takes in the fibers other threads woke
// and the sleepers whose time has come, and, when none is left, calls suspend_until() -- which
// queues the main context again instead of sleeping. Back in the handler, the main context
// sets an Asio timer for the next sleeper and returns to io->run(), which sleeps in epoll
// until a completion (whose handler wakes a fiber, which queues run_fibers()), the timer, or
// a wake-up posted by notify(). Nothing polls, and no handler runs on the dispatcher.

namespace fiberlog::asio {

namespace {

using boost::fibers::context;
using clock_type = std::chrono::steady_clock;

// How many fibers may be woken during one run_fibers() before the main context goes back to
// io->run() for the I/O handlers: fibers that keep waking each other cannot starve I/O.
constexpr std::size_t turns_per_run = 64;

// Marks an io_context as driving a round_robin: two schedulers on one io_context would run
// each other's fibers on the wrong thread.
class owner_service final : public boost::asio::execution_context::service {
public:
    static boost::asio::execution_context::id id;

    explicit owner_service(boost::asio::execution_context& owner) : service(owner) {}

    std::atomic<bool> taken{false};

private:
    void shutdown() override {}
};

boost::asio::execution_context::id owner_service::id;

owner_service& owner_of(boost::asio::io_context& io) {
    return boost::asio::use_service<owner_service>(
        static_cast<boost::asio::execution_context&>(io));
}

std::shared_ptr<boost::asio::io_context> checked(std::shared_ptr<boost::asio::io_context> io) {
    if (io == nullptr) throw std::invalid_argument("fiberlog::asio::round_robin: null io_context");
    if (owner_of(*io).taken.exchange(true))
        throw std::invalid_argument(
            "fiberlog::asio::round_robin: this io_context already drives another round_robin "
            "(one io_context per scheduler thread)");
    return io;
}

}  // namespace

namespace detail {

// round_robin's io_context side. Handlers hold it weakly: one still queued when the scheduler
// is gone does nothing (and owning it would keep the io_context alive, in a cycle).
struct driver {
    driver(round_robin* a, std::shared_ptr<boost::asio::io_context> context)
        : algo(a), io(std::move(context)), work(io->get_executor()), timer(*io) {}
    ~driver() { owner_of(*io).taken.store(false); }
    driver(const driver&) = delete;
    driver& operator=(const driver&) = delete;

    // Queues a call of the scheduler's run_fibers(). notify() may call it on any thread.
    static void post_run(const std::shared_ptr<driver>& self, bool from_notify) {
        boost::asio::post(*self->io, [weak = std::weak_ptr<driver>(self), from_notify] {
            const std::shared_ptr<driver> d = weak.lock();
            if (d == nullptr) return;
            if (from_notify) d->notify_posted.store(false, std::memory_order_release);
            d->algo->run_fibers(from_notify ? round_robin::wake_source::notify
                                            : round_robin::wake_source::posted);
        });
    }

    // The fibers run again at `tp`, the earliest sleeper's time (max: none sleeps).
    static void wake_at(const std::shared_ptr<driver>& self, clock_type::time_point tp) {
        driver& d = *self;
        if (tp == d.timer_at || tp == clock_type::time_point::max()) return;
        d.timer_at = tp;
        const std::uint64_t generation = ++d.timer_generation;
        // expires_at() cancels the previous wait, whose handler then sees operation_aborted;
        // one that had already fired waits in the queue with success: the generation says
        // it is stale.
        d.timer.expires_at(tp);
        d.timer.async_wait([weak = std::weak_ptr<driver>(self),
                            generation](const boost::system::error_code& ec) {
            const std::shared_ptr<driver> dr = weak.lock();
            if (dr == nullptr || ec || generation != dr->timer_generation) return;
            dr->timer_at = clock_type::time_point::max();
            dr->algo->run_fibers(round_robin::wake_source::timer);
        });
    }

    round_robin* const algo;
    const std::shared_ptr<boost::asio::io_context> io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
    boost::asio::steady_timer timer;
    clock_type::time_point timer_at = clock_type::time_point::max();
    std::uint64_t timer_generation = 0;
    std::atomic<bool> notify_posted{false};  // one wake-up queued for other threads at a time
};

}  // namespace detail

round_robin::round_robin(std::shared_ptr<boost::asio::io_context> io)
    : driver_(std::make_shared<detail::driver>(this, checked(std::move(io)))),
      owner_(std::this_thread::get_id()) {}

round_robin::~round_robin() = default;

void round_robin::enqueue(context* ctx) noexcept {
    lineage_.awakened(ctx);
    ctx->ready_link(rqueue_);
}

void round_robin::awakened(context* ctx) noexcept {
    enqueue(ctx);
    if (!ctx->is_context(boost::fibers::type::worker_context)) return;  // main, dispatcher
    if (parked_ != nullptr) {
        // The fibers are having their turn: count it, and end it after turns_per_run.
        if (--turns_left_ == 0) unpark(false);
    } else if (!run_posted_) {
        // A fiber woke while the main context runs io->run() (a completion handler woke it,
        // or a handler launched it): give the fibers a turn.
        run_posted_ = true;
        detail::driver::post_run(driver_, false);
    }
}

context* round_robin::pick_next() noexcept {
    context* next = nullptr;
    if (!rqueue_.empty()) {
        next = &rqueue_.front();
        rqueue_.pop_front();
    }
    lineage_.picked(next);
    return next;
}

bool round_robin::has_ready_fibers() const noexcept { return !rqueue_.empty(); }

void round_robin::suspend_until(clock_type::time_point const& tp) noexcept {
    if (parked_ != nullptr) {
        // No fiber is ready: the parked context goes back to io->run(), which sleeps in epoll
        // until I/O, a wake-up, or `tp`.
        next_wakeup_ = tp;
        unpark(true);
        return;
    }
    // The main context waits outside io->run() (say, in a join): sleep as Boost's do. Fibers
    // woken by another thread, or sleepers, can go on; I/O waits for io->run().
    idle_.sleep_until(tp);
}

void round_robin::notify() noexcept {
    idle_.wake();
    if (!driver_->notify_posted.exchange(true, std::memory_order_acq_rel))
        detail::driver::post_run(driver_, true);
}

void round_robin::unpark(bool idle) noexcept {
    context* parked = parked_;
    parked_ = nullptr;
    idle_reached_ = idle;
    enqueue(parked);
}

void round_robin::run_fibers(wake_source from) {
    if (std::this_thread::get_id() != owner_) {
        detail::driver::post_run(driver_, false);  // for the owner thread, which may still run
        throw std::logic_error(
            "fiberlog::asio::round_robin: its io_context runs on a thread other than the one "
            "that installed the scheduler (one io_context per scheduler thread)");
    }
    if (parked_ != nullptr) {
        // A fiber runs the io_context while the context that parked for it waits: nothing
        // could ever resume that one. Unrecoverable, like a broken precondition in Boost.
        std::fputs("fiberlog::asio::round_robin: io_context::run() or poll() called from a "
                   "fiber while its thread's fibers run inside io_context::run()\n",
                   stderr);
        std::abort();
    }
    if (from == wake_source::posted) run_posted_ = false;
    turns_left_ = turns_per_run;
    parked_ = context::active();
    parked_->suspend();  // until suspend_until() or the last turn queues it again
    if (!idle_reached_) {
        // Fibers are still ready: let the I/O handlers queued meanwhile run first.
        if (!run_posted_) {
            run_posted_ = true;
            detail::driver::post_run(driver_, false);
        }
        return;
    }
    detail::driver::wake_at(driver_, next_wakeup_);
}

}  // namespace fiberlog::asio
