// json_parser's fast reader against simdjson: every line must give the same answer and the
// same record both ways, and the lines fiberlog writes must take the fast way.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fast_json.hpp"
#include "log_writer.hpp"
#include "padded.hpp"
#include "parse_json.hpp"

namespace {

using namespace fiberlog::tail;
using test::padded;

const std::string writer_line =
    R"({"ts":"2026-11-23T10:00:00.123456Z","level":"info","logger":"app","fiber":12,"parent":3,)"
    R"("thread":4242,"msg":"loaded user","service":"api","host":"pod-1","pid":77,)"
    R"("trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7",)"
    R"("ctx":{"request_id":"r-1","user":"alice","attempt":2,"ok":true,"ratio":0.5}})";

// Parses `line` both ways; a failure names the line.
void expect_same(const std::string& line) {
    static json_parser parser;  // one parser, as fiberlog-tail keeps one per reader
    record fast, reference;
    const padded a(line), b(line);
    const bool fast_ok = parser.parse(a.view(), fast);
    const bool reference_ok = parser.parse_with_simdjson(b.view(), reference);
    ASSERT_EQ(fast_ok, reference_ok) << ::testing::PrintToString(line);
    if (fast_ok) {
        EXPECT_TRUE(fast == reference) << ::testing::PrintToString(line);
    }
}

bool fast_accepts(const std::string& line) {
    detail::fast_json_reader reader;
    record out;
    const padded p(line);
    return reader.read(p.view(), out);
}

TEST(tail_fast_json, takes_the_lines_fiberlog_writes) {
    EXPECT_TRUE(fast_accepts(writer_line));
    test::log_line l;
    l.msg = "tab\there \"quoted\" \\ caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \x1b[31m";
    l.ctx = {{"s", std::string("x\ny")}, {"i", std::int64_t{-5}}, {"d", 2.5}, {"b", false}};
    for (const bool flatten : {false, true}) {
        const std::string line = test::json_line(l, flatten);
        EXPECT_TRUE(fast_accepts(line)) << line;
        expect_same(line);
    }
}

// \u escapes, surrogate pairs too (log_format::read_escape), as simdjson reads them.
TEST(tail_fast_json, takes_u_escapes) {
    const std::string head = R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)";
    for (const std::string& line : {
             head + R"("msg":"caf\u00e9 \u20AC \u0000"})",
             head + R"("msg":"\ud83d\ude00 \uDBFF\uDFFF"})",
             head + R"("ctx":{"k":"\uD800\uDC00"}})",
         }) {
        EXPECT_TRUE(fast_accepts(line)) << line;
        expect_same(line);
    }
}

TEST(tail_fast_json, leaves_rare_valid_forms_to_simdjson) {
    const std::string head = R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,)";
    for (const std::string& rare : {
             head + R"("msg":"\ud83d\ude00\ud800"})",  // a lone surrogate
             head + R"("m\u0073g":"escaped key"})",
             head + R"("ctx":{"k\"":"v"}})",
             head +
                 R"("deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
         }) {
        EXPECT_FALSE(fast_accepts(rare)) << rare;
        expect_same(rare);
    }
}

// The reader remembers the last line's keys: lines whose keys differ from the last one's by a
// byte, come in another order, are too long to remember or have whitespace around the colon.
TEST(tail_fast_json, reads_keys_that_differ_from_the_last_lines) {
    const std::string head = R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1)";
    const std::string long_key(40, 'k');
    for (const std::string& tail : std::vector<std::string>{
             R"(,"msg":"a","ctx":{"user":"u","n":1}})",
             R"(,"msg":"a","ctx":{"usex":"u","n":1}})",
             R"(,"msx":"a","ctx":{"use":"u","n":1}})",
             R"(,"ctx":{"n":1,"user":"u"},"msg":"a"})",
             ",\"" + long_key + "\":1,\"ctx\":{\"" + long_key + "\":2}}",
             ",\"" + long_key + "\":1,\"ctx\":{\"" + long_key + "\":2}}",
             ",\"" + long_key + "x\":1,\"ctx\":{\"" + long_key + "\":2}}",
             R"(,"msg" :"a","ctx":{"user" : "u"}})",
             R"(,"msg":"a","ctx":{"user":"u","n":1}})",
         }) {
        const std::string line = head + tail;
        EXPECT_TRUE(fast_accepts(line)) << line;
        expect_same(line);
    }
    // One reader through all of them, as fiberlog-tail reads a file.
    detail::fast_json_reader reader;
    json_parser reference;
    for (int round = 0; round < 2; ++round) {
        for (const std::string& tail :
             {std::string(R"(,"msg":"a","ctx":{"user":"u"}})"),
              std::string(R"(,"msg":"b","ctx":{"usr":"v"}})"), ",\"" + long_key + "\":1}",
              std::string(R"(,"ctx":{"user":"w"},"msg":"c"})")}) {
            const test::padded a(head + tail), b(head + tail);
            record fast, expected;
            ASSERT_TRUE(reader.read(a.view(), fast)) << head + tail;
            ASSERT_TRUE(reference.parse_with_simdjson(b.view(), expected));
            EXPECT_TRUE(fast == expected) << head + tail;
        }
    }
}

// Without the context (grouping by fiber needs none), a record is the same but for its
// context, and the context is checked as strictly as when it is kept.
TEST(tail_fast_json, leaves_the_context_out_when_not_wanted_but_still_checks_it) {
    detail::fast_json_reader with, without;
    without.want_context(false);
    const std::string flattened = writer_line.substr(0, writer_line.size() - 1) + R"(,"k":"v"})";
    // A trace id that is no hex is a context entry: left out too.
    std::string odd_trace = writer_line;
    odd_trace.replace(odd_trace.find("4bf92f35"), 32, "not-hex");
    for (const std::string& line : {writer_line, flattened, odd_trace}) {
        const test::padded a(line), b(line);
        record full, lean;
        ASSERT_TRUE(with.read(a.view(), full)) << line;
        ASSERT_TRUE(without.read(b.view(), lean)) << line;
        EXPECT_FALSE(full.ctx.empty());
        EXPECT_TRUE(lean.ctx.empty());
        full.ctx.clear();
        EXPECT_TRUE(full == lean) << line;
        EXPECT_EQ(lean.fiber, 12u);
        EXPECT_EQ(lean.service, "api");
    }
    const std::string head = R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"ctx":)";
    for (const std::string& bad : {
             head + R"({"k":tru}})",      // not a literal
             head + R"({"k":01}})",       // a leading zero
             head + R"({"k":"a\qb"}})",   // an unknown escape
             head + "{\"k\":\"\xff\"}}",  // not UTF-8
             head + R"({"k":[1,}})",      // a broken array
             head + R"({"k":"v",}})",     // a trailing comma
             std::string(R"({"ts":"2026-11-23T10:00:00Z","level":"info","fiber":1,"k":-})"),
         }) {
        const test::padded p(bad);
        record out;
        EXPECT_FALSE(without.read(p.view(), out)) << bad;
        json_parser reference;
        const test::padded q(bad);
        EXPECT_FALSE(reference.parse_with_simdjson(q.view(), out)) << bad;
    }
}

TEST(tail_fast_json, agrees_with_simdjson_on_hand_picked_lines) {
    const std::string head = R"({"ts":"2026-11-23T10:00:00.5Z","level":"warn","fiber":7)";
    const std::vector<std::string> tails = {
        "}",
        R"(,"msg":"a\"b\\c\/d\b\f\n\r\t"})",
        R"(,"msg":"\u0000\u001f\u007f\u0080\u07ff\u0800\uffff\u00E9"})",
        R"(,"msg":"\ud800"})",
        R"(,"msg":"\udc00\ud800"})",
        R"(,"msg":"\x"})",
        R"(,"msg":"\u12"})",
        R"(,"msg":"\u12G4"})",
        ","
        "\"msg\":\"raw\ttab\"}",
        ",\"msg\":\"nul\x01\"}",
        ",\"msg\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
        ",\"msg\":\"\xc0\xaf\"}",          // overlong
        ",\"msg\":\"\xe0\x80\xaf\"}",      // overlong
        ",\"msg\":\"\xed\xa0\x80\"}",      // an encoded surrogate
        ",\"msg\":\"\xf4\x90\x80\x80\"}",  // past U+10FFFF
        ",\"msg\":\"\xf0\x9f\x98\"}",      // truncated
        ",\"msg\":\"\x80\"}",
        ",\"msg\":\"\xff\"}",
        ",\"\xc3\xa9\":\"non-ASCII key\"}",
        R"( , "msg" : "spaced" , "ctx" : { "a" : 1 , "b" : [ 1 , 2 ] } } )",
        "\t,\r\"msg\"\n:\"ws\"}",
        R"(,"ctx":{}})",
        R"(,"ctx":{"n":null,"a":[],"o":{},"deep":{"x":[1,{"y":null}]},"s":"v"}})",
        R"(,"ctx":{"a":[1,]}})",
        R"(,"ctx":{"a":[1 2]}})",
        R"(,"ctx":{"a":{"x"}}})",
        R"(,"ctx":{"a":nul}})",
        R"(,"ctx":{"a":truex}})",
        R"(,"ctx":{"a":tru}})",
        R"(,"ctx":{"a":True}})",
        R"(,"ctx":[1]})",
        R"(,"ctx":"s"})",
        R"(,"ctx":{"a":1,}})",
        R"(,"ctx":{"a":1}, "ctx":{"b":2}})",
        R"(,"n":-0,"e":1E+5,"f":-1.5e-3,"z":0,"big":1e999,"long":123456789012345678901234567890})",
        R"(,"n":01})",
        R"(,"n":1.})",
        R"(,"n":.5})",
        R"(,"n":-})",
        R"(,"n":+1})",
        R"(,"n":1e})",
        R"(,"n":0x10})",
        R"(,"n":1x})",
        R"(,"parent":18446744073709551615,"thread":0})",
        R"(,"parent":18446744073709551616})",
        R"(,"parent":-1})",
        R"(,"parent":1.0})",
        R"(,"parent":"1"})",
        R"(,"thread":00})",
        R"(,"fiber":8})",
        R"(,"deadline_ms":250})",
        R"(,"deadline_ms":-2.5e3})",
        R"(,"deadline_ms":"250"})",
        R"(,"deadline_ms":true})",
        R"(,"pid":4711,"service":"s","host":"h"})",
        R"(,"pid":"4711","service":1,"host":null})",
        R"(,"pid":-1})",
        R"(,"pid":1.5})",
        R"(,"pid":99999999999999999999})",
        R"(,"pid":true})",
        R"(,"pid":[1]})",
        R"(,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"})",
        R"(,"parent_span_id":"b7ad6b7169203331"})",
        R"(,"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"})",
        R"(,"span_id":"00f067aa0ba902b"})",
        R"(,"span_id":17})",
        R"(,"ctx.msg":"flattened","ctx.ctx":"x","user":"u"})",
        R"(,"level":"loud"})",
        R"(,"level":3})",
        R"(,"ts":"yesterday"})",
        R"(,"ts":"2026-11-23T11:00:00.123456+01:00"})",
        R"(,"ts":"2026-11-23 10:00:00.123456789Z"})",
        R"(,"ts":"2026-11-23T10:00:00.123456"})",
        R"(,"ts":"2026-02-30T10:00:00.000000Z"})",
        R"(,"ts":"2026-11-23T10:00:00.12345xZ"})",
        R"(,"logger":null})",
        R"(,"msg":5})",
        "}}",
        "} x",
        "}   ",
        "} \t\r",
        "",
        ",",
        R"(,"msg":"unterminated)",
        R"(,"msg":"a"}{})",
        "}\x00",
    };
    for (const std::string& tail : tails) expect_same(head + tail);
    for (const std::string& whole : {std::string(""), std::string("{"), std::string("[1]"),
                                     std::string("{}"), std::string("  {}  "), std::string("\"s\""),
                                     std::string("null"), std::string(" ") + writer_line}) {
        expect_same(whole);
    }
}

// Every truncation of a full line, and many small random edits of it with the bytes that
// matter to a JSON reader.
TEST(tail_fast_json, agrees_with_simdjson_on_truncated_and_mutated_lines) {
    test::log_line l;
    l.msg = "caf\xc3\xa9 \"q\" \\ \t";
    l.ctx = {{"s", std::string("v")}, {"i", std::int64_t{42}}, {"d", 0.25}, {"b", true}};
    const std::vector<std::string> bases = {writer_line, test::json_line(l),
                                            test::json_line(l, true)};
    for (const std::string& base : bases) {
        for (std::size_t n = 0; n <= base.size(); ++n) expect_same(base.substr(0, n));
    }
    static const char alphabet[] = {'"',
                                    '\\',
                                    '{',
                                    '}',
                                    '[',
                                    ']',
                                    ':',
                                    ',',
                                    ' ',
                                    '0',
                                    '9',
                                    '-',
                                    '.',
                                    'e',
                                    'u',
                                    'n',
                                    't',
                                    'f',
                                    '\t',
                                    '\x01',
                                    '\x7f',
                                    static_cast<char>(0x80),
                                    static_cast<char>(0xc3),
                                    static_cast<char>(0xe2),
                                    static_cast<char>(0xff)};
    std::mt19937_64 rnd(7);  // the standard fixes its sequence: the same lines everywhere
    const auto below = [&](std::size_t n) { return static_cast<std::size_t>(rnd() % n); };
    for (int i = 0; i < 30000; ++i) {
        std::string line = bases[below(bases.size())];
        const std::size_t edits = 1 + below(3);
        for (std::size_t e = 0; e < edits && !line.empty(); ++e) {
            const std::size_t at = below(line.size());
            const char c = alphabet[below(sizeof alphabet)];
            switch (below(3)) {
                case 0:
                    line[at] = c;
                    break;
                case 1:
                    line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), c);
                    break;
                default:
                    line.erase(at, 1);
                    break;
            }
        }
        expect_same(line);
        if (HasFailure()) return;
    }
}

}  // namespace
