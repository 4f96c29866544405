#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "line_parser.hpp"
#include "log_writer.hpp"
#include "padded.hpp"

namespace {

using namespace fiberlog::tail;
using test::padded;

constexpr std::int64_t t0 = 1'795'428'000'000'000;  // 2026-11-23T10:00:00Z

const char* const example =
    R"({"ts":"2026-11-23T10:00:00.123456Z","level":"info","logger":"app","fiber":12,"parent":3,)"
    R"("thread":4242,"msg":"loaded user","ctx":{"request_id":"r-1","user":"alice","attempt":2,)"
    R"("ok":true,"ratio":0.5}})";

class tail_parse_json : public ::testing::Test {
protected:
    bool parse(std::string_view line) {
        line_ = padded(line);
        return parser_.parse(line_.view(), rec_);
    }

    json_parser parser_;
    record rec_;
    padded line_{""};
};

TEST_F(tail_parse_json, reads_every_field) {
    ASSERT_TRUE(parse(example));
    EXPECT_EQ(rec_.format, line_format::json);
    EXPECT_EQ(rec_.ts_us, t0 + 123456);
    EXPECT_EQ(rec_.lvl, level::info);
    EXPECT_EQ(rec_.logger, "app");
    EXPECT_EQ(rec_.fiber, 12u);
    EXPECT_EQ(rec_.parent, 3u);
    EXPECT_EQ(rec_.thread, 4242u);
    EXPECT_EQ(rec_.msg, "loaded user");
    ASSERT_EQ(rec_.ctx.size(), 5u);
    EXPECT_EQ(rec_.ctx[0].key, "request_id");
    EXPECT_EQ(rec_.ctx[0].text, "r-1");
    EXPECT_EQ(rec_.ctx[0].kind, value_kind::string);
    EXPECT_EQ(rec_.find("attempt")->text, "2");
    EXPECT_EQ(rec_.find("attempt")->kind, value_kind::integer);
    EXPECT_EQ(rec_.find("ok")->text, "true");
    EXPECT_EQ(rec_.find("ok")->kind, value_kind::boolean);
    EXPECT_EQ(rec_.find("ratio")->text, "0.5");
    EXPECT_EQ(rec_.find("ratio")->kind, value_kind::floating);
    EXPECT_EQ(rec_.find("missing"), nullptr);
}

TEST_F(tail_parse_json, unescapes_strings) {
    ASSERT_TRUE(parse(
        R"({"ts":"2026-11-23T10:00:00.000000Z","level":"error","logger":"",)"
        R"("fiber":1,"parent":0,"thread":1,"msg":"a\"b\\c\nd\u00e9","ctx":{"k\u0031":"x\ty"}})"));
    EXPECT_EQ(rec_.msg, "a\"b\\c\nd\xc3\xa9");
    EXPECT_EQ(rec_.logger, "");
    ASSERT_EQ(rec_.ctx.size(), 1u);
    EXPECT_EQ(rec_.ctx[0].key, "k1");
    EXPECT_EQ(rec_.ctx[0].text, "x\ty");
}

TEST_F(tail_parse_json, flattened_context_keys_are_top_level_fields) {
    test::log_line l;
    l.fiber = 7;
    l.msg = "hello";
    l.ctx = {{"request_id", std::string("r-9")},
             {"msg", std::string("shadowed")},
             {"ctx.deep", std::int64_t{5}},
             {"ratio", 3.0}};
    const std::string line = test::json_line(l, true);
    ASSERT_NE(line.find("\"ctx.msg\":\"shadowed\""), std::string::npos) << line;
    ASSERT_TRUE(parse(line));
    EXPECT_EQ(rec_.msg, "hello");
    ASSERT_EQ(rec_.ctx.size(), 4u);
    EXPECT_EQ(rec_.find("request_id")->text, "r-9");
    EXPECT_EQ(rec_.find("msg")->text, "shadowed");
    EXPECT_EQ(rec_.find("ctx.deep")->text, "5");
    EXPECT_EQ(rec_.find("ratio")->text, "3.0");
    EXPECT_EQ(rec_.find("ratio")->kind, value_kind::floating);
}

TEST_F(tail_parse_json, keeps_deadline_and_ignores_unknown_shapes) {
    ASSERT_TRUE(
        parse(R"({"ts":"2026-11-23T10:00:00Z","level":"debug","fiber":5,"deadline_ms":250,)"
              R"("extra":[1,{"a":null}],"nothing":null,"obj":{"x":1},"ctx":{"n":null,"v":"1"}})"));
    EXPECT_EQ(rec_.deadline_ms, "250");
    EXPECT_EQ(rec_.parent, 0u);  // optional fields default to 0 / empty
    EXPECT_EQ(rec_.thread, 0u);
    ASSERT_EQ(rec_.ctx.size(), 1u);  // arrays, objects and nulls are no context values
    EXPECT_EQ(rec_.ctx[0].key, "v");
}

TEST_F(tail_parse_json, reads_process_identity_and_trace_context) {
    ASSERT_TRUE(parse(
        R"({"ts":"2026-11-23T10:00:00Z","level":"info","service":"frontend","host":"pod-7",)"
        R"("pid":4711,"fiber":12,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",)"
        R"("span_id":"00f067aa0ba902b7","parent_span_id":"b7ad6b7169203331","msg":"hi",)"
        R"("ctx":{"user":"alice"}})"));
    EXPECT_EQ(rec_.service, "frontend");
    EXPECT_EQ(rec_.host, "pod-7");
    EXPECT_EQ(rec_.pid, std::optional<std::uint64_t>(4711));
    EXPECT_EQ(rec_.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(rec_.span_id, "00f067aa0ba902b7");
    EXPECT_EQ(rec_.parent_span_id, "b7ad6b7169203331");
    EXPECT_EQ(rec_.fiber, 12u);
    ASSERT_EQ(rec_.ctx.size(), 1u);  // none of them is a context entry
    EXPECT_EQ(rec_.ctx[0].key, "user");

    // Escaped strings are unescaped like every other string.
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)"
                      R"("service":"a\"b","span_id":"\u0030\u00301111aaaabbbbcc"})"));
    EXPECT_EQ(rec_.service, "a\"b");
    EXPECT_EQ(rec_.span_id, "001111aaaabbbbcc");
}

TEST_F(tail_parse_json, identity_and_trace_fields_are_optional) {
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)"
                      R"("service":"backend","pid":7,"trace_id":"0af7651916cd43dd8448eb211c80319c"})"));
    EXPECT_EQ(rec_.service, "backend");
    // The next line has none of them: nothing stays from the previous one.
    ASSERT_TRUE(parse(example));
    EXPECT_TRUE(rec_.service.empty());
    EXPECT_TRUE(rec_.host.empty());
    EXPECT_FALSE(rec_.pid.has_value());
    EXPECT_TRUE(rec_.trace_id.empty());
    EXPECT_TRUE(rec_.span_id.empty());
    EXPECT_TRUE(rec_.parent_span_id.empty());
    // A pid of 0 is a pid, not an absent one.
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"pid":0})"));
    EXPECT_EQ(rec_.pid, std::optional<std::uint64_t>(0));
}

// A flattened log written before these fields existed may have context keys of these names:
// a value of another shape is read as a context entry, and the line is kept.
TEST_F(tail_parse_json, identity_and_trace_fields_of_another_shape_are_context_entries) {
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)"
                      R"("pid":"4711","host":3,"service":true,)"
                      R"("trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736",)"  // uppercase
                      R"("span_id":"00f067aa0ba902b","parent_span_id":"00f067aa0ba902b7x",)"
                      R"("ctx":{"k":"v"}})"));
    EXPECT_FALSE(rec_.pid.has_value());
    EXPECT_TRUE(rec_.host.empty());
    EXPECT_TRUE(rec_.service.empty());
    EXPECT_TRUE(rec_.trace_id.empty());
    EXPECT_TRUE(rec_.span_id.empty());
    EXPECT_TRUE(rec_.parent_span_id.empty());
    ASSERT_EQ(rec_.ctx.size(), 7u);
    EXPECT_EQ(rec_.find("pid")->text, "4711");
    EXPECT_EQ(rec_.find("pid")->kind, value_kind::string);
    EXPECT_EQ(rec_.find("host")->text, "3");
    EXPECT_EQ(rec_.find("host")->kind, value_kind::integer);
    EXPECT_EQ(rec_.find("service")->kind, value_kind::boolean);
    EXPECT_EQ(rec_.find("trace_id")->text, "4BF92F3577B34DA6A3CE929D0E0E4736");
    EXPECT_EQ(rec_.find("span_id")->text, "00f067aa0ba902b");
    EXPECT_EQ(rec_.find("parent_span_id")->text, "00f067aa0ba902b7x");

    for (const char* pid : {"-1", "1.5", "1e3", "18446744073709551616"}) {
        ASSERT_TRUE(parse(std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)") +
                          R"("pid":)" + pid + "}"))
            << pid;
        EXPECT_FALSE(rec_.pid.has_value()) << pid;
        ASSERT_NE(rec_.find("pid"), nullptr) << pid;
        EXPECT_EQ(rec_.find("pid")->text, pid);
    }
    // Still not a record: malformed JSON in such a field.
    EXPECT_FALSE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"pid":01})"));
}

TEST_F(tail_parse_json, accepts_whitespace_before_the_object) {
    ASSERT_TRUE(parse(std::string(" \t ") + example));
    EXPECT_EQ(rec_.fiber, 12u);
    EXPECT_EQ(rec_.msg, "loaded user");
}

TEST_F(tail_parse_json, reads_zone_offsets) {
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T11:00:00+01:00","level":"info","fiber":1})"));
    EXPECT_EQ(rec_.ts_us, t0);
}

TEST_F(tail_parse_json, rejects_what_is_not_a_record) {
    const std::string good = example;
    for (const std::string& bad :
         {good.substr(0, good.size() - 1),                            // truncated
          good.substr(0, 40),                                         // truncated inside a string
          good + "}",                                                 // trailing brace
          good + " x",                                                // trailing garbage
          std::string(R"({"level":"info","fiber":1})"),               // no ts
          std::string(R"({"ts":"2026-11-23T10:00:00Z","fiber":1})"),  // no level
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info"})"),  // no fiber
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"loud","fiber":1})"),
          std::string(R"({"ts":"yesterday","level":"info","fiber":1})"),
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":-1})"),
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":"1"})"),
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"msg":5})"),
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"ctx":[]})"),
          std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"x":01})"),
          std::string(
              "{\"ts\":\"2026-11-23T10:00:00Z\",\"level\":\"info\",\"fiber\":1,\"msg\":\"\xff\"}"),
          std::string("{}"), std::string("{"), std::string("[1,2]")}) {
        EXPECT_FALSE(parse(bad)) << bad;
    }
}

TEST_F(tail_parse_json, a_record_does_not_keep_the_previous_lines_context) {
    ASSERT_TRUE(parse(example));
    ASSERT_TRUE(parse(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":2,"ctx":{}})"));
    EXPECT_TRUE(rec_.ctx.empty());
    EXPECT_EQ(rec_.msg, "");
}

TEST(tail_line_parser, picks_the_format_from_the_first_byte) {
    line_parser parser;
    record rec;
    const padded json(example);
    ASSERT_TRUE(parser.parse(json.view(), rec));
    EXPECT_EQ(rec.format, line_format::json);
    const padded text("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {} hi");
    ASSERT_TRUE(parser.parse(text.view(), rec));
    EXPECT_EQ(rec.format, line_format::text);
    for (const char* other : {"", " {}", "   ", "plain text", "2026-11-23 [app]", " x{"}) {
        const padded line(other);
        EXPECT_FALSE(parser.parse(line.view(), rec)) << other;
    }
    // JSON whitespace may come before the '{'.
    for (const std::string& indented : {"  " + std::string(example), "\t" + std::string(example),
                                        " \r " + std::string(example)}) {
        const padded line(indented);
        ASSERT_TRUE(parser.parse(line.view(), rec)) << indented;
        EXPECT_EQ(rec.format, line_format::json);
        EXPECT_EQ(rec.fiber, 12u);
    }
    EXPECT_TRUE(is_json_line("  {"));
    EXPECT_FALSE(is_json_line("  ["));
    EXPECT_FALSE(is_json_line(""));
}

}  // namespace
