#pragma once

// A formatting sink that keeps each formatted line in memory, for assertions. Unlike
// null_sink it formats, so it exercises the formatter exactly like a file sink would.

#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

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

}  // namespace fiberlog::test
