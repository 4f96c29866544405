#include "crash_drain.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fiberlog::sinks::detail {
namespace {

constexpr int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr std::size_t signal_count = std::size(fatal_signals);

// The registered channels. Handlers read the slots without a lock; registrations claim a
// free slot under registry_mutex, and each owner clears its own.
std::atomic<crash_channel*> channels[crash_registration::max_registered];

// Handlers inside drain_all() now. An owner clears its slot and then waits for this to be 0,
// so that no handler still uses the channel it is about to free: both sides write, then read
// the other's variable, all seq_cst, so at least one of them sees the other's write.
std::atomic<int> draining{0};

// The threads inside drain_all(), so that a thread crashing again within its own drain goes
// straight on to dying instead of waiting for itself. More concurrent crashes than slots
// only lose that protection.
std::atomic<pid_t> drainers[8];

std::mutex registry_mutex;  // registrations and the installation
bool installed = false;     // under registry_mutex

// What our handlers replaced, written once before `handlers_ready` is set; the handlers read
// it only after they have seen `handlers_ready`.
struct sigaction previous_actions[signal_count];
std::terminate_handler previous_terminate = nullptr;
std::atomic<bool> handlers_ready{false};

std::int64_t monotonic_ns() noexcept {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

void pause_briefly() noexcept {
    const timespec millisecond{0, 1'000'000};
    ::nanosleep(&millisecond, nullptr);
}

// Asks the worker of every registered sink to write and flush what its sink has accepted,
// then waits until each has done so or its timeout has passed. Async-signal-safe: atomics,
// sem_post, clock_gettime, nanosleep, getpid, gettid; no allocation, no lock.
void drain_all() noexcept {
    const pid_t self = current_thread_id();
    for (const auto& d : drainers)
        if (d.load() == self) return;  // crashed again inside this thread's own drain
    std::atomic<pid_t>* mine = nullptr;
    for (auto& d : drainers) {
        pid_t free = 0;
        if (d.compare_exchange_strong(free, self)) {
            mine = &d;
            break;
        }
    }
    draining.fetch_add(1);  // before reading any slot: see crash_registration's destructor

    struct pending {
        crash_channel* channel;
        std::uint64_t ticket;
        std::int64_t deadline;
    };
    pending waits[crash_registration::max_registered];
    std::size_t count = 0;
    const pid_t process = ::getpid();
    const std::int64_t start = monotonic_ns();
    for (auto& slot : channels) {
        crash_channel* c = slot.load();
        // Skipped: a sink of the parent (this is a fork, which has no such worker), and a
        // sink whose own worker crashed (no one else can write its records).
        if (c == nullptr || c->pid != process || c->worker_tid.load() == self) continue;
        const std::uint64_t ticket = c->requested.fetch_add(1) + 1;
        ::sem_post(c->wake);
        waits[count++] = {c, ticket, start + c->timeout_ns};
    }
    for (;;) {
        const std::int64_t now = monotonic_ns();
        bool waiting = false;
        for (std::size_t i = 0; i < count; ++i)
            waiting = waiting || (waits[i].channel->served.load(std::memory_order_acquire) <
                                      waits[i].ticket &&
                                  now < waits[i].deadline);
        if (!waiting) break;
        pause_briefly();
    }

    draining.fetch_sub(1);
    if (mine != nullptr) mine->store(0);
}

std::size_t signal_index(int sig) noexcept {
    for (std::size_t i = 0; i < signal_count; ++i)
        if (fatal_signals[i] == sig) return i;
    return 0;  // unreachable: only installed for fatal_signals
}

void on_fatal_signal(int sig, siginfo_t* info, void*) {
    const int saved_errno = errno;
    // Always true here (set before the handlers were installed); the load orders the reads
    // of previous_actions after their writes.
    (void)handlers_ready.load(std::memory_order_acquire);
    drain_all();
    // Give the signal back to whoever had it before us (another library's handler, a
    // sanitizer's, or the default action), then let it happen again. A fault comes from the
    // kernel (si_code > 0): returning re-runs the faulting instruction, which faults again.
    // A signal that was sent (kill, raise, abort: si_code <= 0) is sent again; it stays
    // pending while this handler runs, since the signal is blocked here.
    ::sigaction(sig, &previous_actions[signal_index(sig)], nullptr);
    if (info == nullptr || info->si_code <= 0) ::raise(sig);
    errno = saved_errno;
}

[[noreturn]] void on_terminate() noexcept {
    // Not a signal handler, but the process is as broken as in one: the same drain.
    drain_all();
    (void)handlers_ready.load(std::memory_order_acquire);  // as in on_fatal_signal
    if (previous_terminate != nullptr)
        previous_terminate();  // e.g. libstdc++'s, which prints the exception and aborts
    std::abort();
}

// Under registry_mutex, once per process. The handlers stay installed after the last sink
// is gone: one installed later may chain to them, and with no sink they only chain.
void install_handlers() {
    for (std::size_t i = 0; i < signal_count; ++i)
        if (::sigaction(fatal_signals[i], nullptr, &previous_actions[i]) != 0)
            throw std::system_error(errno, std::generic_category(), "sigaction");
    previous_terminate = std::get_terminate();
    handlers_ready.store(true, std::memory_order_release);

    struct sigaction ours {};
    ours.sa_sigaction = on_fatal_signal;
    sigemptyset(&ours.sa_mask);
    // SA_ONSTACK: a thread with an alternate signal stack can drain after a stack overflow.
    ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (int sig : fatal_signals)
        if (::sigaction(sig, &ours, nullptr) != 0)
            throw std::system_error(errno, std::generic_category(), "sigaction");
    std::set_terminate(on_terminate);
}

}  // namespace

pid_t current_thread_id() noexcept { return static_cast<pid_t>(::syscall(SYS_gettid)); }

crash_registration::crash_registration(crash_channel& channel) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    slot_ = max_registered;
    for (std::size_t i = 0; i < max_registered; ++i)
        if (channels[i].load() == nullptr) {
            slot_ = i;
            break;
        }
    if (slot_ == max_registered)
        throw std::length_error("fiberlog::sinks::async_sink: at most " +
                                std::to_string(max_registered) +
                                " sinks with drain_on_crash can be alive at once");
    if (!installed) {
        install_handlers();
        installed = true;
    }
    channels[slot_].store(&channel);
}

crash_registration::~crash_registration() {
    channels[slot_].store(nullptr);
    while (draining.load() != 0) pause_briefly();
}

}  // namespace fiberlog::sinks::detail
