#pragma once

// A formatting sink that keeps each formatted line in memory, for assertions. Unlike
// null_sink it formats, so it exercises the formatter exactly like a file sink would.
// And a logger over any sink with a fiberlog pattern.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include <fiberlog/spdlog.hpp>

namespace fiberlog::test {

class capture_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    std::vector<std::string> lines() {
        std::lock_guard<std::mutex> lock(mutex_);
        return lines_;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        std::string line(buf.data(), buf.size());
        if (!line.empty() && line.back() == '\n') line.pop_back();
        lines_.push_back(std::move(line));
    }
    void flush_() override {}

private:
    std::vector<std::string> lines_;
};

inline std::shared_ptr<spdlog::logger> logger_over(spdlog::sink_ptr sink,
                                                   const std::string& pattern = "%K|%v",
                                                   const std::string& name = "test") {
    auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
    logger->set_formatter(fiberlog::pattern_formatter(pattern));
    return logger;
}

}  // namespace fiberlog::test
