// Logs 1000 lines through async_sink to a stdout that test_sigpipe.cpp made a pipe with no
// reader, then says on stderr how it went. The mode is the application's choice:
//   default          SIGPIPE left alone: the first write to stdout kills the process
//   ignore           SIGPIPE ignored, spdlog's stdout_sink_mt
//   ignore-checked   SIGPIPE ignored, a sink that checks write(2) and throws on failure
// fiberlog itself installs no SIGPIPE handler in any mode.

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>

namespace {

// Writes each line to fd 1 with write(2); throws std::system_error when it fails.
class checked_stdout_sink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        const char* p = buf.data();
        std::size_t left = buf.size();
        while (left > 0) {
            const ssize_t n = ::write(1, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw std::system_error(errno, std::generic_category(), "write to stdout");
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    void flush_() override {}
};

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "default";
    if (mode != "default") std::signal(SIGPIPE, SIG_IGN);
    spdlog::sink_ptr out;
    if (mode == "ignore-checked")
        out = std::make_shared<checked_stdout_sink>();
    else
        out = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    auto async = std::make_shared<fiberlog::sinks::async_sink>(out);
    {
        spdlog::logger logger("child", async);
        logger.set_formatter(fiberlog::pattern_formatter());
        for (int i = 0; i < 1000; ++i) logger.info("line {}", i);
        logger.flush();
    }
    std::fprintf(stderr, "child done: failed=%llu dropped=%llu\n",
                 static_cast<unsigned long long>(async->failed()),
                 static_cast<unsigned long long>(async->dropped()));
    return 0;
}
