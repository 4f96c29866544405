#pragma once

// The sink the logging benchmarks write to: it formats each record into a buffer and drops
// the bytes, so a line costs its formatting and nothing else (spdlog's null_sink would skip
// the formatting, which is the cost that matters).

#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include <benchmark/benchmark.h>
#include <spdlog/sinks/base_sink.h>

namespace fiberlog::bench {

// With FIBERLOG_BENCH_SHOW_LINES set, each discarding sink writes its first line to stderr:
// bench/alternatives/run.sh shows what every contender formats (the same bytes, or not).
inline bool show_lines() {
    static const bool show = std::getenv("FIBERLOG_BENCH_SHOW_LINES") != nullptr;
    return show;
}

// Writes `data` to stderr while the first line has not been shown (a line may come in
// pieces: it is shown once its newline has).
inline void show_first(bool& shown, const char* data, std::size_t size) {
    if (!show_lines() || shown) return;
    std::fwrite(data, 1, size, stderr);
    shown = size != 0 && data[size - 1] == '\n';
}

template <class Mutex>
class formatting_sink final : public spdlog::sinks::base_sink<Mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        buf_.clear();
        this->formatter_->format(msg, buf_);
        benchmark::DoNotOptimize(buf_.data());
        show_first(shown_, buf_.data(), buf_.size());
    }
    void flush_() override {}

private:
    spdlog::memory_buf_t buf_;
    bool shown_ = false;
};

}  // namespace fiberlog::bench
