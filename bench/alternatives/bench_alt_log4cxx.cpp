// Contender 6 of bench_alternatives: log4cxx (Debian's 1.0) with the context in its MDC
// (thread-specific) and a PatternLayout naming each key, into an appender that formats
// with the layout and discards the bytes:
//   [%d{yyyy-MM-dd HH:mm:ss.SSSSSS}] [%c] [%p] {key_00=%X{key_00} ...} %m%n
// The one difference in bytes: log4cxx writes the level in capitals (`INFO`).

#include <memory>
#include <string>

#include <log4cxx/appenderskeleton.h>
#include <log4cxx/asyncappender.h>
#include <log4cxx/helpers/pool.h>
#include <log4cxx/logger.h>
#include <log4cxx/mdc.h>
#include <log4cxx/patternlayout.h>

#include "alt_common.hpp"

// log4cxx's object macros name `helpers::` unqualified: the appender lives under log4cxx.
namespace log4cxx::fiberlog_bench {

// Formats each event with its PatternLayout into a string and drops it, like the spdlog
// contenders' formatting_sink. AppenderSkeleton::doAppend takes the appender's lock.
class discard_appender final : public AppenderSkeleton {
public:
    DECLARE_LOG4CXX_OBJECT(discard_appender)
    BEGIN_LOG4CXX_CAST_MAP()
    LOG4CXX_CAST_ENTRY(discard_appender)
    LOG4CXX_CAST_ENTRY_CHAIN(AppenderSkeleton)
    END_LOG4CXX_CAST_MAP()

    discard_appender() = default;
    explicit discard_appender(LayoutPtr layout) : layout_(std::move(layout)) {}

    void close() override {}
    bool requiresLayout() const override { return false; }
    void append(const spi::LoggingEventPtr& event, helpers::Pool& p) override {
        line_.clear();
        layout_->format(line_, event, p);
        ::benchmark::DoNotOptimize(line_.data());
        ::fiberlog::bench::show_first(shown_, line_.data(), line_.size());
    }

private:
    LayoutPtr layout_;
    LogString line_;
    bool shown_ = false;
};

IMPLEMENT_LOG4CXX_OBJECT(discard_appender)

}  // namespace log4cxx::fiberlog_bench

namespace fiberlog::bench::alt {
namespace {

using ::log4cxx::fiberlog_bench::discard_appender;

std::string pattern(int n) {
    std::string p = "[%d{yyyy-MM-dd HH:mm:ss.SSSSSS}] [%c] [%p] {";
    for (int i = 0; i < n; ++i) p += (i == 0 ? "" : " ") + key(i) + "=%X{" + key(i) + "}";
    return p + "} %m%n";
}

::log4cxx::AppenderPtr discarding_appender(int keys) {
    auto layout = std::make_shared<::log4cxx::PatternLayout>(pattern(keys));
    return std::make_shared<discard_appender>(layout);
}

// The "bench" logger, its appenders replaced by `appender`, at `level`.
::log4cxx::LoggerPtr bench_logger(const ::log4cxx::AppenderPtr& appender,
                                const ::log4cxx::LevelPtr& level = ::log4cxx::Level::getInfo()) {
    ::log4cxx::LoggerPtr logger = ::log4cxx::Logger::getLogger("bench");
    logger->removeAllAppenders();
    logger->setAdditivity(false);
    logger->setLevel(level);
    logger->addAppender(appender);
    return logger;
}

// The context in log4cxx's MDC, for the scope.
class scoped_mdc {
public:
    explicit scoped_mdc(int n) {
        for (int i = 0; i < n; ++i) ::log4cxx::MDC::put(key(i), value(i));
    }
    ~scoped_mdc() { ::log4cxx::MDC::clear(); }
    scoped_mdc(const scoped_mdc&) = delete;
    scoped_mdc& operator=(const scoped_mdc&) = delete;
};

void line_log4cxx(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    in_fiber(state, [n](benchmark::State& st) {
        scoped_mdc mdc(n);
        auto logger = bench_logger(discarding_appender(n));
        for (auto _ : st) LOG4CXX_INFO(logger, "request handled in " << 42 << " ms");
        logger->removeAllAppenders();
    });
}
BENCHMARK(line_log4cxx)
    ->Name("line/log4cxx")
    ->ArgName("keys")
    ->Arg(0)
    ->Arg(1)
    ->Arg(3)
    ->Arg(8)
    ->Arg(32)
    ->UseRealTime();

// Two threads, one logger and one appender (AppenderSkeleton locks).
void mt_setup(const benchmark::State&) { bench_logger(discarding_appender(keys_for_fixed_shapes)); }
void mt_teardown(const benchmark::State&) {
    ::log4cxx::Logger::getLogger("bench")->removeAllAppenders();
}

void mt_log4cxx(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_mdc mdc(keys_for_fixed_shapes);
        ::log4cxx::LoggerPtr logger = ::log4cxx::Logger::getLogger("bench");
        for (auto _ : st) LOG4CXX_INFO(logger, "request handled in " << 42 << " ms");
    });
}
BENCHMARK(mt_log4cxx)
    ->Name("mt2/log4cxx")
    ->Setup(mt_setup)
    ->Teardown(mt_teardown)
    ->Threads(2)
    ->UseRealTime();

// An AsyncAppender (buffer of 8192 events, discarding when full) over the same appender.
void async_log4cxx(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_mdc mdc(keys_for_fixed_shapes);
        auto async = std::make_shared<::log4cxx::AsyncAppender>();
        async->setBufferSize(8192);
        async->setBlocking(false);
        async->addAppender(discarding_appender(keys_for_fixed_shapes));
        ::log4cxx::helpers::Pool pool;
        async->activateOptions(pool);
        auto logger = bench_logger(async);
        for (auto _ : st) LOG4CXX_INFO(logger, "request handled in " << 42 << " ms");
        logger->removeAllAppenders();
        async->close();
    });
}
BENCHMARK(async_log4cxx)->Name("async/log4cxx")->UseRealTime();

void disabled_log4cxx(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_mdc mdc(keys_for_fixed_shapes);
        auto logger = bench_logger(discarding_appender(keys_for_fixed_shapes));
        for (auto _ : st) LOG4CXX_DEBUG(logger, "request handled in " << 42 << " ms");
        logger->removeAllAppenders();
    });
}
BENCHMARK(disabled_log4cxx)->Name("disabled/log4cxx")->UseRealTime();

}  // namespace
}  // namespace fiberlog::bench::alt
