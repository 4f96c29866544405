// Log lines across services: JSON lines carry service, host, pid and, in a trace, trace_id,
// span_id and parent_span_id; the pattern flags %U, %V and %W; the async sink keeps the span of
// the call site; the text cache tells spans apart; a context key named like a new field is
// written as ctx.<key> when flattened.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/fiber/all.hpp>
#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "capture_sink.hpp"
#include "support/fiber_env.hpp"

namespace fiberlog {
namespace {

using nlohmann::json;
using test::capture_sink;

const std::string caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const std::string caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736";

std::shared_ptr<spdlog::logger> json_logger(const std::shared_ptr<capture_sink>& sink,
                                            json_options options = {}) {
    auto logger = std::make_shared<spdlog::logger>("svc", sink);
    logger->set_formatter(json_formatter(options));
    return logger;
}

json last_record(const std::shared_ptr<capture_sink>& sink) {
    return json::parse(sink->lines().back());
}

TEST(trace_logging, json_lines_name_the_process_on_every_line) {
    auto sink = std::make_shared<capture_sink>();
    json_logger(sink)->info("plain");
    const json r = last_record(sink);
    EXPECT_EQ(r["service"], this_process().service);
    EXPECT_EQ(r["host"], this_process().host);
    EXPECT_EQ(r["pid"].get<std::uint64_t>(), this_process().pid);
    EXPECT_FALSE(r.contains("trace_id"));
    EXPECT_FALSE(r.contains("span_id"));
    EXPECT_FALSE(r.contains("parent_span_id"));
}

TEST(trace_logging, json_lines_in_a_trace_carry_the_fibers_span_and_its_parent) {
    test::run_in_fibers(test::scheduler::work_stealing, 2, [] {
        auto sink = std::make_shared<capture_sink>();
        auto logger = json_logger(sink);
        trace_scope scope{caller};
        logger->info("root");
        boost::fibers::fiber([&] { logger->info("child"); }).join();
        const auto lines = sink->lines();
        ASSERT_EQ(lines.size(), 2u);
        const json root = json::parse(lines[0]);
        const json child = json::parse(lines[1]);
        EXPECT_EQ(root["trace_id"], caller_trace);
        EXPECT_EQ(child["trace_id"], caller_trace);
        EXPECT_EQ(root["span_id"], span_id());
        EXPECT_EQ(root["parent_span_id"], "00f067aa0ba902b7");  // the remote caller
        EXPECT_EQ(child["parent_span_id"], root["span_id"]);
        EXPECT_NE(child["span_id"], root["span_id"]);
        const std::regex hex16("[0-9a-f]{16}");
        EXPECT_TRUE(std::regex_match(child["span_id"].get<std::string>(), hex16));
        // The layout: identity after thread, the trace before msg.
        const std::regex layout(R"(\{"ts":"[^"]+","level":"info","logger":"svc","fiber":\d+,)"
                                R"("parent":\d+,"thread":\d+,"service":"[^"]+","host":"[^"]+",)"
                                R"("pid":\d+,"trace_id":"[0-9a-f]{32}","span_id":"[0-9a-f]{16}",)"
                                R"("parent_span_id":"[0-9a-f]{16}","msg":"child","ctx":\{\}\})");
        EXPECT_TRUE(std::regex_match(lines[1], layout)) << lines[1];
    });
}

TEST(trace_logging, a_new_trace_has_no_parent_span_field) {
    auto sink = std::make_shared<capture_sink>();
    trace_scope scope{""};
    json_logger(sink)->info("x");
    const json r = last_record(sink);
    EXPECT_EQ(r["trace_id"], trace_id());
    EXPECT_EQ(r["span_id"], span_id());
    EXPECT_FALSE(r.contains("parent_span_id"));
}

TEST(trace_logging, lines_after_the_scope_have_no_trace_fields) {
    auto sink = std::make_shared<capture_sink>();
    auto logger = json_logger(sink);
    scoped k{"k", 1};  // the same pairs inside and after
    {
        trace_scope scope{caller};
        logger->info("inside");
    }
    logger->info("after");
    const auto lines = sink->lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(json::parse(lines[0])["trace_id"], caller_trace);
    EXPECT_FALSE(json::parse(lines[1]).contains("trace_id"));
    EXPECT_FALSE(json::parse(lines[1]).contains("span_id"));
}

TEST(trace_logging, flattened_keys_named_like_the_new_fields_get_the_ctx_prefix) {
    auto sink = std::make_shared<capture_sink>();
    scoped a{"trace_id", "from-context"};
    scoped b{"service", "ctx-service"};
    scoped c{"pid", 7};
    scoped d{"parent_span_id", "p"};
    trace_scope scope{caller};
    json_logger(sink, json_options{true})->info("x");
    const json r = last_record(sink);
    EXPECT_EQ(r["trace_id"], caller_trace);
    EXPECT_EQ(r["ctx.trace_id"], "from-context");
    EXPECT_EQ(r["service"], this_process().service);
    EXPECT_EQ(r["ctx.service"], "ctx-service");
    EXPECT_EQ(r["ctx.pid"], 7);
    EXPECT_EQ(r["ctx.parent_span_id"], "p");
}

TEST(trace_logging, pattern_flags_show_trace_span_and_service) {
    auto sink = std::make_shared<capture_sink>();
    auto logger = test::logger_over(sink, "[%U/%V] %W %v");
    logger->info("outside");
    {
        trace_scope scope{caller};
        logger->info("inside");
    }
    const auto lines = sink->lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "[/] " + this_process().service + " outside");
    const std::regex inside(R"(\[4bf92f3577b34da6a3ce929d0e0e4736/[0-9a-f]{16}\] )" +
                            this_process().service + " inside");
    EXPECT_TRUE(std::regex_match(lines[1], inside)) << lines[1];
}

TEST(trace_logging, the_text_cache_tells_spans_of_one_fiber_and_snapshot_apart) {
    test::run_in_fibers(test::scheduler::round_robin, 1, [] {
        auto sink = std::make_shared<capture_sink>();
        auto logger = test::logger_over(sink, "%V %K");
        trace_scope scope{caller};
        const context mine = snapshot();
        boost::fibers::fiber([&] {
            logger->info("own span");
            auto guard = attach(mine);  // the same snapshot, now the scope's span
            logger->info("attached");
        }).join();
        const auto lines = sink->lines();
        ASSERT_EQ(lines.size(), 2u);
        EXPECT_NE(lines[0], lines[1]);
        EXPECT_EQ(lines[1], span_id() + " ");
    });
}

TEST(trace_logging, the_async_sink_writes_the_span_of_the_call_site) {
    test::run_in_fibers(test::scheduler::work_stealing, 2, [] {
        auto capture = std::make_shared<capture_sink>();
        capture->set_formatter(json_formatter());
        sinks::async_options options;
        options.keep_sink_formatters = true;
        auto async = std::make_shared<sinks::async_sink>(capture, options);
        spdlog::logger logger("async", async);
        trace_scope scope{caller};
        std::string child_span;
        boost::fibers::fiber([&] {
            child_span = span_id();
            logger.info("from the child");
        }).join();
        logger.info("from the root");
        async->flush();
        const auto lines = capture->lines();
        ASSERT_EQ(lines.size(), 2u);
        EXPECT_EQ(json::parse(lines[0])["trace_id"], caller_trace);
        EXPECT_EQ(json::parse(lines[0])["span_id"], child_span);
        EXPECT_EQ(json::parse(lines[0])["parent_span_id"], span_id());
        EXPECT_EQ(json::parse(lines[1])["trace_id"], caller_trace);
        EXPECT_EQ(json::parse(lines[1])["span_id"], span_id());
    });
}

TEST(trace_logging, a_set_identity_reaches_cached_text_and_json) {
    auto text_sink = std::make_shared<capture_sink>();
    auto json_sink = std::make_shared<capture_sink>();
    auto text = test::logger_over(text_sink, "%W");
    auto jsonl = json_logger(json_sink);
    text->info("x");
    jsonl->info("x");
    set_process_identity("checkout", "pod-3");
    text->info("x");
    jsonl->info("x");
    const auto lines = text_sink->lines();
    const auto records = json_sink->lines();
    ASSERT_EQ(lines.size(), 2u);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(lines[0], "test_trace_logging");
    EXPECT_EQ(json::parse(records[0])["service"], "test_trace_logging");
    EXPECT_EQ(lines[1], "checkout");
    EXPECT_EQ(json::parse(records[1])["service"], "checkout");
    EXPECT_EQ(json::parse(records[1])["host"], "pod-3");
}

}  // namespace
}  // namespace fiberlog
