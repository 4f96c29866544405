// Logs through an async_sink with drain_on_crash into a deliberately slow file sink, then
// crashes; test_crash_drain.cpp reads the file and the exit status.
//   fault_crash_child MODE FILE
// Each mode logs 3000 records "record N <padding>" and crashes right after the last log()
// returned, while most records are still queued:
//   segv     a null pointer dereference        abort    std::abort()
//   throw    an uncaught exception             fpe      an integer division by zero
//   ill      an illegal instruction            bus      a read past the end of a mapped file
//   chain    segv, with a SIGSEGV handler installed before the sink's: it prints how many
//            lines the file holds when it runs, then lets the signal kill the process
//   fibers   30 fibers on 2 work_stealing threads log 100 records each, then a fiber
//            dereferences null
//   two      two sinks, into FILE and FILE.2, then segv
//   stuck    the file sink blocks forever in record 1000; timeout 300 ms; then segv
//   worker   the file sink itself dereferences null on record 1000 (on the worker thread)
//            while main waits; timeout 1 h, so waiting for that worker would hang the test
//   nodrain  segv without drain_on_crash: what the test would see without the feature
// Exits 3 if it survives its crash.

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/fiber/all.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/scheduler_threads.hpp>
#include <fiberlog/spdlog.hpp>

namespace {

constexpr int records = 3000;
constexpr int slow_from = 1000;  // the record `stuck` and `worker` stop at

// Crashes that the sanitizers must not turn into their own reports first: the test is about
// what the signal does.
#define FIBERLOG_NO_SANITIZE __attribute__((noinline, no_sanitize("address", "undefined", "thread")))

FIBERLOG_NO_SANITIZE void null_dereference() {
    volatile int* volatile p = nullptr;  // volatile both: the store must really happen
    *p = 42;
}

FIBERLOG_NO_SANITIZE void divide_by_zero() {
    volatile int one = 1, zero = 0;  // not constants: a real division instruction
    volatile int result = one / zero;
    (void)result;
}

FIBERLOG_NO_SANITIZE void illegal_instruction() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_trap();  // ud2
#else
    ::raise(SIGILL);   // elsewhere __builtin_trap() may raise SIGTRAP
#endif
}

FIBERLOG_NO_SANITIZE void bus_error(const std::string& scratch) {
    const int fd = ::open(scratch.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    auto* page = static_cast<volatile char*>(::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, 0));
    volatile char c = page[0];  // the file is empty: no page behind the mapping
    (void)c;
}

void sleep_us(long us) {
    const timespec t{0, us * 1000};
    ::nanosleep(&t, nullptr);
}

// spdlog's basic_file_sink_st (buffered by stdio, so only a flush puts the last records in the
// file), 100 us slower per record; or stuck, or crashing, at record slow_from.
class slow_file_sink final : public spdlog::sinks::sink {
public:
    enum class at_1000 { go_on, block, crash };

    slow_file_sink(const std::string& path, at_1000 behaviour)
        : file_(path, true), behaviour_(behaviour) {}

    void log(const spdlog::details::log_msg& msg) override {
        if (written_++ == slow_from) {
            if (behaviour_ == at_1000::block)
                for (;;) ::pause();
            if (behaviour_ == at_1000::crash) null_dereference();
        }
        sleep_us(100);
        file_.log(msg);
    }
    void flush() override { file_.flush(); }
    void set_pattern(const std::string& pattern) override { file_.set_pattern(pattern); }
    void set_formatter(std::unique_ptr<spdlog::formatter> f) override {
        file_.set_formatter(std::move(f));
    }

private:
    spdlog::sinks::basic_file_sink_st file_;
    at_1000 behaviour_;
    int written_ = 0;
};

std::shared_ptr<spdlog::logger> crash_logger(const std::string& name,
                                             std::vector<spdlog::sink_ptr> files,
                                             std::chrono::milliseconds timeout,
                                             bool drain = true) {
    fiberlog::sinks::async_options options;
    options.drain_on_crash = drain;
    options.drain_on_crash_timeout = timeout;
    auto logger = std::make_shared<spdlog::logger>(
        name, std::make_shared<fiberlog::sinks::async_sink>(std::move(files), options));
    logger->set_formatter(fiberlog::pattern_formatter("%v"));
    return logger;
}

const std::string padding(60, 'x');  // longer lines: a torn one would show

// The handler of mode `chain`: counts the file's lines with async-signal-safe calls only.
const char* chain_file = nullptr;

void count_lines_then_die(int sig) {
    int lines = 0;
    const int fd = ::open(chain_file, O_RDONLY);
    char buf[4096];
    for (ssize_t n; fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0;)
        for (ssize_t i = 0; i < n; ++i) lines += buf[i] == '\n';
    if (fd >= 0) ::close(fd);
    char text[64];
    int len = 0;
    const char prefix[] = "previous handler saw ";
    for (const char* p = prefix; *p != '\0'; ++p) text[len++] = *p;
    char digits[16];
    int d = 0;
    do {
        digits[d++] = static_cast<char>('0' + lines % 10);
        lines /= 10;
    } while (lines > 0);
    while (d > 0) text[len++] = digits[--d];
    const char suffix[] = " lines\n";
    for (const char* p = suffix; *p != '\0'; ++p) text[len++] = *p;
    (void)!::write(2, text, static_cast<std::size_t>(len));
    ::signal(sig, SIG_DFL);  // returning re-runs the faulting store: the default action
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fault_crash_child MODE FILE\n");
        return 2;
    }
    const std::string mode = argv[1];
    const std::string path = argv[2];
    using namespace std::chrono_literals;
    using behaviour = slow_file_sink::at_1000;

    if (mode == "chain") {
        chain_file = argv[2];
        ::signal(SIGSEGV, count_lines_then_die);
    }
    const behaviour at_1000 = mode == "stuck" ? behaviour::block
                              : mode == "worker" ? behaviour::crash
                                                 : behaviour::go_on;
    const std::chrono::milliseconds timeout = mode == "stuck"    ? 300ms
                                              : mode == "worker" ? std::chrono::milliseconds(1h)
                                                                 : std::chrono::milliseconds(120s);
    auto logger = crash_logger("crash", {std::make_shared<slow_file_sink>(path, at_1000)},
                               timeout, mode != "nodrain");
    std::shared_ptr<spdlog::logger> second;
    if (mode == "two")
        second = crash_logger("two", {std::make_shared<slow_file_sink>(path + ".2", at_1000)},
                              timeout);

    if (mode == "fibers") {
        fiberlog::scheduler_threads<fiberlog::algo::work_stealing> pool{2};
        std::vector<boost::fibers::fiber> loggers;
        for (int f = 0; f < 30; ++f)
            loggers.emplace_back([&, f] {
                for (int i = 0; i < 100; ++i) {
                    logger->info("fiber {} record {} {}", f, i, padding);
                    if (i % 10 == 0) boost::this_fiber::yield();
                }
            });
        for (auto& f : loggers) f.join();
        boost::fibers::fiber(null_dereference).join();
        return 3;
    }

    for (int i = 0; i < records; ++i) {
        logger->info("record {} {}", i, padding);
        if (second) second->info("record {} {}", i, padding);
    }
    if (mode == "abort") std::abort();
    if (mode == "throw") throw std::runtime_error("uncaught in fault_crash_child");
    if (mode == "fpe") divide_by_zero();
    if (mode == "ill") illegal_instruction();
    if (mode == "bus") bus_error(path + ".bus");
    if (mode == "worker")
        for (;;) ::pause();
    null_dereference();  // segv, chain, two, stuck, nodrain
    return 3;
}
