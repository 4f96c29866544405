// The JSON-lines formatter: fields, types, and escaping that survives a strict parser.

#include <memory>
#include <regex>
#include <string>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"
#include "support/fiber_env.hpp"

namespace fiberlog {
namespace {

using nlohmann::json;

// Logs `msg` once with the JSON formatter and parses the line strictly (nlohmann rejects
// invalid UTF-8, raw control characters and trailing garbage).
json record_of(const std::string& msg, json_options options = {}) {
    auto sink = std::make_shared<test::capture_sink>();
    spdlog::logger logger("app", sink);
    logger.set_formatter(json_formatter(options));
    logger.warn(msg);
    const auto lines = sink->lines();
    EXPECT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines.at(0).find('\n'), std::string::npos);
    return json::parse(lines.at(0));
}

TEST(json_formatter, fields_and_types) {
    test::run_in_fibers(test::scheduler::round_robin, 1, [] {
        put("request_id", "r-1");
        put("attempt", 2);
        put("ratio", 0.5);
        put("ok", true);
        boost::fibers::fiber([] {
            const json r = record_of("hello");
            EXPECT_EQ(r["level"], "warning");
            EXPECT_EQ(r["logger"], "app");
            EXPECT_EQ(r["msg"], "hello");
            EXPECT_EQ(r["fiber"].get<std::uint64_t>(), fiber_id());
            EXPECT_EQ(r["parent"].get<std::uint64_t>(), parent_id());
            EXPECT_TRUE(r["thread"].is_number_unsigned());
            EXPECT_EQ(r["ctx"], json::parse(R"({"request_id":"r-1","attempt":2,"ratio":0.5,"ok":true})"));
            EXPECT_TRUE(r["ctx"]["attempt"].is_number_integer());
            const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)");
            EXPECT_TRUE(std::regex_match(r["ts"].get<std::string>(), rfc3339)) << r["ts"];
        }).join();
    });
}

TEST(json_formatter, keeps_the_order_of_fields) {
    scoped a{"k", 1};
    auto sink = std::make_shared<test::capture_sink>();
    spdlog::logger logger("", sink);
    logger.set_formatter(json_formatter());
    logger.info("x");
    const std::regex order(R"(\{"ts":"[^"]+","level":"info","logger":"","fiber":\d+,"parent":\d+,)"
                           R"("thread":\d+,"service":"[^"]+","host":"[^"]+","pid":\d+,)"
                           R"("msg":"x","ctx":\{"k":1\}\})");
    EXPECT_TRUE(std::regex_match(sink->lines().at(0), order)) << sink->lines().at(0);
}

TEST(json_formatter, nasty_values_round_trip_through_a_strict_parser) {
    const std::string nul("a\0b", 3);
    const std::string controls = "\x01\x1f\x7f\t\r\n\b\f";
    const std::string quotes = "\"quoted\" \\back\\ /slash/";
    const std::string utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
    const std::string big(64 * 1024, 'x');
    for (const std::string& v : {nul, controls, quotes, utf8, big}) {
        scoped s{"v", v};
        const json r = record_of(v);
        EXPECT_EQ(r["msg"].get<std::string>(), v);
        EXPECT_EQ(r["ctx"]["v"].get<std::string>(), v);
    }
}

TEST(json_formatter, invalid_utf8_becomes_replacement_characters) {
    const std::string bad = "ok \xff \xc3( \xed\xa0\x80 end\xe2\x82";
    scoped s{"v", bad};
    const json r = record_of(bad);
    // Each byte that is not part of a valid sequence becomes one U+FFFD.
    const std::string fffd = "\xef\xbf\xbd";
    const std::string expected =
        "ok " + fffd + " " + fffd + "( " + fffd + fffd + fffd + " end" + fffd + fffd;
    EXPECT_EQ(r["msg"].get<std::string>(), expected);
    EXPECT_EQ(r["ctx"]["v"].get<std::string>(), expected);
}

TEST(json_formatter, non_finite_doubles_become_strings) {
    scoped a{"nan", std::numeric_limits<double>::quiet_NaN()};
    scoped b{"inf", -std::numeric_limits<double>::infinity()};
    const json r = record_of("x");
    EXPECT_EQ(r["ctx"]["nan"], "nan");
    EXPECT_EQ(r["ctx"]["inf"], "-inf");
}

TEST(json_formatter, flatten_puts_keys_on_top_and_prefixes_collisions) {
    scoped a{"request_id", "r-1"};
    scoped b{"level", "from-context"};
    scoped c{"ctx.x", 1};
    const json r = record_of("m", json_options{true});
    EXPECT_EQ(r["request_id"], "r-1");
    EXPECT_EQ(r["level"], "warning");
    EXPECT_EQ(r["ctx.level"], "from-context");
    EXPECT_EQ(r["ctx.ctx.x"], 1);
    EXPECT_FALSE(r.contains("ctx"));
}

}  // namespace
}  // namespace fiberlog
