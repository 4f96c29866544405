// A log file on a full device: spdlog's basic_file_sink on /dev/full behind async_sink.
// What happens: basic_file_sink writes through a stdio buffer (4 KiB for /dev/full). A
// record that fits in the buffer "succeeds"; the record whose write makes stdio flush the
// buffer throws ENOSPC, and the buffered records are gone with it. So failed() counts the
// records whose own write threw (about one per 4 KiB of log), not every record lost; the
// error handler hears about every failure (the final flush's too), and the default handler
// prints at most one line a second. Nothing crashes, nothing hangs.

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>

namespace fiberlog {
namespace {

using sinks::async_sink;

constexpr int records = 1000;  // ~110 KB of text: many times the stdio buffer

void log_records(spdlog::logger& logger) {
    for (int i = 0; i < records; ++i)
        logger.info("record {} of a log that does not fit on the device .................", i);
}

TEST(fault_full_device, every_failure_reaches_the_handler_and_failed_counts_records) {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/full");
    std::vector<std::string> errors;
    auto async = std::make_shared<async_sink>(file);
    async->set_error_handler([&](const std::string& e) { errors.push_back(e); });
    spdlog::logger logger("full", async);
    log_records(logger);
    logger.flush();

    EXPECT_GE(async->failed(), 1u);
    EXPECT_LE(async->failed(), std::uint64_t{records});
    EXPECT_EQ(async->dropped(), 0u);
    // One report per failed record, one for the failed flush of the buffer at the end.
    ASSERT_EQ(errors.size(), async->failed() + 1);
    for (std::size_t i = 0; i + 1 < errors.size(); ++i)
        EXPECT_EQ(errors[i], "Failed writing to file /dev/full: No space left on device");
    EXPECT_EQ(errors.back(), "flush failed: Failed flush to file /dev/full: No space left on device");
    std::printf("[ info ] /dev/full: %d records logged, failed() = %llu, %zu reports\n", records,
                static_cast<unsigned long long>(async->failed()), errors.size());
}

// Redirects this process's stderr (fd 2) to a temporary file for a scope.
class stderr_capture {
public:
    stderr_capture() : file_(std::tmpfile()), saved_(::dup(2)) {
        std::fflush(stderr);
        ::dup2(::fileno(file_), 2);
    }
    ~stderr_capture() {
        restore();
        std::fclose(file_);
    }
    std::string text() {
        restore();
        std::string out;
        std::rewind(file_);
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;) out.append(buf, n);
        return out;
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
    }
    std::FILE* file_;
    int saved_;
};

TEST(fault_full_device, the_default_handler_reports_a_burst_at_most_once_a_second) {
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t failed = 0;
    std::string err;
    {
        stderr_capture capture;
        {
            auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/full");
            auto async = std::make_shared<async_sink>(file);
            spdlog::logger logger("full", async);
            log_records(logger);
            logger.flush();
            failed = async->failed();
        }  // the destructor flushes again: one more failure, maybe one more line
        err = capture.text();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::istringstream lines(err);
    int reported = 0;
    for (std::string line; std::getline(lines, line);) {
        EXPECT_EQ(line.rfind("[*** LOG ERROR ***] [fiberlog::sinks::async_sink] ", 0), 0u) << line;
        EXPECT_NE(line.find("/dev/full: No space left on device"), std::string::npos) << line;
        ++reported;
    }
    EXPECT_GE(failed, 1u);
    EXPECT_GE(reported, 1);
    // Rate-limited, not one line per failure: at most one per started second.
    EXPECT_LE(reported, 1 + static_cast<int>(std::ceil(seconds))) << err;
    std::printf("[ info ] default handler: %llu failed records, %d line(s) on stderr in %.3f s\n",
                static_cast<unsigned long long>(failed), reported, seconds);
}

TEST(fault_full_device, shutdown_with_a_full_device_neither_throws_nor_hangs) {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/full");
    int reports = 0;
    {
        auto async = std::make_shared<async_sink>(file);
        async->set_error_handler([&](const std::string&) { ++reports; });
        spdlog::logger logger("full", async);
        log_records(logger);
    }  // no flush() before: the destructor writes and flushes what was accepted
    EXPECT_GE(reports, 1);
}

}  // namespace
}  // namespace fiberlog
