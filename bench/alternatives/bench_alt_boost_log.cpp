// Contender 5 of bench_alternatives: Boost.Log (Debian's 1.74) with the context in scoped
// thread attributes (what BOOST_LOG_SCOPED_THREAD_TAG adds: a constant per key, for the
// thread), a severity_channel_logger, and a text formatter writing the same line as the
// spdlog contenders into a text_ostream_backend over a stream that discards the bytes:
//   [2026-11-23 10:00:00.123456] [bench] [info] {key_00=val-00-7f3a9c2e ...} request handled in 42 ms
// The context part of the formatter looks each key's attribute up by name, as
// `expr::attr<std::string>("key_00")` would; it is a function because the key count is a
// run-time parameter here.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/core/null_deleter.hpp>
#include <boost/log/attributes/clock.hpp>
#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/async_frontend.hpp>
#include <boost/log/sinks/bounded_fifo_queue.hpp>
#include <boost/log/sinks/drop_on_overflow.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/trivial.hpp>
#include <boost/make_shared.hpp>

#include "alt_common.hpp"

namespace fiberlog::bench::alt {
namespace {

namespace logging = boost::log;
namespace expr = boost::log::expressions;
namespace attrs = boost::log::attributes;
namespace sinks = boost::log::sinks;
namespace src = boost::log::sources;

using severity = logging::trivial::severity_level;
using backend = sinks::text_ostream_backend;
using sync_sink = sinks::synchronous_sink<backend>;
using async_sink =
    sinks::asynchronous_sink<backend, sinks::bounded_fifo_queue<8192, sinks::drop_on_overflow>>;

// What BOOST_LOG_SCOPED_THREAD_TAG(key, value) does, for n keys: thread attributes that
// live for the scope.
class scoped_thread_tags {
public:
    explicit scoped_thread_tags(int n) {
        auto core = logging::core::get();
        for (int i = 0; i < n; ++i)
            added_.push_back(
                core->add_thread_attribute(key(i), attrs::constant<std::string>(value(i))).first);
    }
    ~scoped_thread_tags() {
        auto core = logging::core::get();
        for (auto it : added_) core->remove_thread_attribute(it);
    }
    scoped_thread_tags(const scoped_thread_tags&) = delete;
    scoped_thread_tags& operator=(const scoped_thread_tags&) = delete;

private:
    std::vector<logging::attribute_set::iterator> added_;
};

// The line's formatter: the prefix as a Boost.Log expression, the n context keys, the message.
logging::formatter make_formatter(int n) {
    auto prefix = expr::stream
                  << "[" << expr::format_date_time<boost::posix_time::ptime>(
                                "TimeStamp", "%Y-%m-%d %H:%M:%S.%f")
                  << "] [" << expr::attr<std::string>("Channel") << "] ["
                  << expr::attr<severity>("Severity") << "] {";
    std::vector<std::pair<std::string, logging::attribute_name>> keys;
    for (int i = 0; i < n; ++i) keys.emplace_back((i == 0 ? "" : " ") + key(i) + "=", key(i));
    return [prefix, keys](const logging::record_view& rec, logging::formatting_ostream& strm) {
        prefix(rec, strm);
        const auto& values = rec.attribute_values();
        for (const auto& [text, name] : keys) {
            strm << text;
            if (auto v = values[name].extract<std::string>()) strm << *v;
        }
        strm << "} " << rec[expr::smessage];
    };
}

// A shared_ptr to a stream that discards everything, for text_ostream_backend.
boost::shared_ptr<std::ostream> discarding_stream() {
    struct holder {
        discard_buf buf;
        std::ostream stream{&buf};
    };
    auto h = boost::make_shared<holder>();
    return boost::shared_ptr<std::ostream>(h, &h->stream);
}

template <class Sink>
boost::shared_ptr<Sink> add_sink(int keys) {
    static const bool once = [] {
        logging::core::get()->add_global_attribute("TimeStamp", attrs::local_clock());
        return true;
    }();
    (void)once;
    auto be = boost::make_shared<backend>();
    be->add_stream(discarding_stream());
    be->auto_flush(false);
    auto sink = boost::make_shared<Sink>(be);
    sink->set_formatter(make_formatter(keys));
    logging::core::get()->add_sink(sink);
    return sink;
}

void remove_sinks() {
    logging::core::get()->remove_all_sinks();
    logging::core::get()->reset_filter();
}

template <class Logger>
void log_info(Logger& lg) {
    BOOST_LOG_SEV(lg, severity::info) << "request handled in " << 42 << " ms";
}

void line_boost_log(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    in_fiber(state, [n](benchmark::State& st) {
        scoped_thread_tags tags(n);
        auto sink = add_sink<sync_sink>(n);
        src::severity_channel_logger<severity, std::string> lg(logging::keywords::channel = "bench");
        for (auto _ : st) log_info(lg);
        remove_sinks();
    });
}
BENCHMARK(line_boost_log)
    ->Name("line/boost_log")
    ->ArgName("keys")
    ->Arg(0)
    ->Arg(1)
    ->Arg(3)
    ->Arg(8)
    ->Arg(32)
    ->UseRealTime();

// Two threads, one _mt logger and one synchronous (locking) sink.
std::unique_ptr<src::severity_channel_logger_mt<severity, std::string>> shared_logger;

void mt_setup(const benchmark::State&) {
    add_sink<sync_sink>(keys_for_fixed_shapes);
    shared_logger = std::make_unique<src::severity_channel_logger_mt<severity, std::string>>(
        logging::keywords::channel = "bench");
}
void mt_teardown(const benchmark::State&) {
    shared_logger.reset();
    remove_sinks();
}

void mt_boost_log(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_thread_tags tags(keys_for_fixed_shapes);
        auto& lg = *shared_logger;
        for (auto _ : st) log_info(lg);
    });
}
BENCHMARK(mt_boost_log)
    ->Name("mt2/boost_log")
    ->Setup(mt_setup)
    ->Teardown(mt_teardown)
    ->Threads(2)
    ->UseRealTime();

// An asynchronous_sink over a bounded queue of 8192 records that drops when full.
void async_boost_log(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_thread_tags tags(keys_for_fixed_shapes);
        auto sink = add_sink<async_sink>(keys_for_fixed_shapes);
        src::severity_channel_logger<severity, std::string> lg(logging::keywords::channel = "bench");
        for (auto _ : st) log_info(lg);
        remove_sinks();
        sink->stop();
    });
}
BENCHMARK(async_boost_log)->Name("async/boost_log")->UseRealTime();

// The level filtered out by the core, as Boost.Log's documentation sets it up.
void disabled_boost_log(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        scoped_thread_tags tags(keys_for_fixed_shapes);
        auto sink = add_sink<sync_sink>(keys_for_fixed_shapes);
        logging::core::get()->set_filter(expr::attr<severity>("Severity") >= severity::info);
        src::severity_channel_logger<severity, std::string> lg(logging::keywords::channel = "bench");
        for (auto _ : st) {
            BOOST_LOG_SEV(lg, severity::debug) << "request handled in " << 42 << " ms";
        }
        remove_sinks();
    });
}
BENCHMARK(disabled_boost_log)->Name("disabled/boost_log")->UseRealTime();

}  // namespace
}  // namespace fiberlog::bench::alt
