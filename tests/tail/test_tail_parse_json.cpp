#include <gtest/gtest.h>

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
    for (const char* other : {"", " {}", "plain text", "2026-11-23 [app]"}) {
        const padded line(other);
        EXPECT_FALSE(parser.parse(line.view(), rec)) << other;
    }
}

}  // namespace
