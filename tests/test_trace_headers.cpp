// The W3C propagation headers, case by case: traceparent and tracestate (Trace Context Level 1,
// the cases of its conformance suite, test/test.py on the level-1 branch, and of its grammar)
// and baggage (W3C Baggage, the cases of its reference tests, test/test_baggage.py). Bad input
// never throws, starts a new trace or skips a member, and is counted.

#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>
#include <regex>
#include <string>
#include <vector>

namespace {

using fiberlog::value;

const std::string trace_hex = "12345678901234567890123456789012";
const std::string parent_hex = "1234567890123456";
const std::string valid_parent = "00-" + trace_hex + "-" + parent_hex + "-01";

// What a request sees after adopting the headers.
struct adopted {
    std::string trace_id, span_id, traceparent, tracestate;
    std::uint64_t parent_span = 0;
};

adopted adopt(std::string_view traceparent, std::string_view tracestate = {}) {
    fiberlog::trace_scope scope{traceparent, tracestate};
    return {fiberlog::trace_id(), fiberlog::span_id(), fiberlog::traceparent(),
            fiberlog::tracestate(), fiberlog::current_origin().parent_span};
}

bool is_lower_hex(const std::string& s, std::size_t n) {
    return std::regex_match(s, std::regex("[0-9a-f]{" + std::to_string(n) + "}")) &&
           s != std::string(n, '0');
}

class headers : public ::testing::Test {
protected:
    void SetUp() override { fiberlog::clear(); }
    void TearDown() override { fiberlog::clear(); }
};

// ---- traceparent -------------------------------------------------------------------------

TEST_F(headers, outside_a_trace_everything_is_empty) {
    EXPECT_EQ(fiberlog::trace_id(), "");
    EXPECT_EQ(fiberlog::span_id(), "");
    EXPECT_EQ(fiberlog::traceparent(), "");
    EXPECT_EQ(fiberlog::tracestate(), "");
    EXPECT_EQ(fiberlog::snapshot().trace_id(), "");
}

TEST_F(headers, a_valid_traceparent_is_adopted_with_a_new_span_under_the_callers) {
    const adopted a = adopt("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    EXPECT_EQ(a.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_TRUE(is_lower_hex(a.span_id, 16)) << a.span_id;
    EXPECT_NE(a.span_id, "00f067aa0ba902b7");
    EXPECT_EQ(a.parent_span, 0x00f067aa0ba902b7u);
    EXPECT_EQ(a.traceparent, "00-4bf92f3577b34da6a3ce929d0e0e4736-" + a.span_id + "-01");
}

TEST_F(headers, valid_traceparents_of_the_specification_and_its_test_suite) {
    const std::string tail = trace_hex + "-" + parent_hex + "-01";
    for (const std::string& tp : {
             "00-" + tail,
             "cc-" + tail,                                    // a future version
             "cc-" + tail + "-what-the-future-will-be-like",  // ... with more fields
             "fe-" + tail,
             " 00-" + tail,
             "\t00-" + tail,
             "00-" + tail + " ",  // optional whitespace
             "00-" + tail + "\t",
             "\t 00-" + tail + " \t",
         }) {
        const auto before = fiberlog::rejected_headers().traceparent;
        const adopted a = adopt(tp);
        EXPECT_EQ(a.trace_id, trace_hex) << '"' << tp << '"';
        EXPECT_EQ(a.parent_span, 0x1234567890123456u) << tp;
        EXPECT_EQ(fiberlog::rejected_headers().traceparent, before) << tp;
        // Forwarded as version 00, whatever version came in.
        EXPECT_EQ(a.traceparent.substr(0, 3 + 32), "00-" + trace_hex) << tp;
    }
}

TEST_F(headers, only_the_sampled_flag_is_forwarded) {
    for (auto [in, out] : std::vector<std::pair<std::string, std::string>>{
             {"00", "00"}, {"01", "01"}, {"02", "00"}, {"03", "01"}, {"ff", "01"}, {"fe", "00"}}) {
        const adopted a = adopt("00-" + trace_hex + "-" + parent_hex + "-" + in);
        EXPECT_EQ(a.traceparent.substr(53), out) << in;
    }
}

TEST_F(headers, invalid_traceparents_start_a_new_trace_and_drop_the_tracestate) {
    const std::string p = parent_hex;
    const std::string t = trace_hex;
    for (const std::string& tp : {
             "ff-" + t + "-" + p + "-01",  // version ff is forbidden
             ".0-" + t + "-" + p + "-01",
             "0.-" + t + "-" + p + "-01",
             "000-" + t + "-" + p + "-01",
             "0000-" + t + "-" + p + "-01",
             "0-" + t + "-" + p + "-01",
             "00-" + t + "-" + p + "-01.",  // version 00 has exactly 55 characters
             "00-" + t + "-" + p + "-01-what-the-future-will-be-like",
             "cc-" + t + "-" + p + "-01.what-the-future-will-be-like",
             "00-00000000000000000000000000000000-" + p + "-01",  // all-zero ids
             "00-" + t + "-0000000000000000-01",
             "00-.2345678901234567890123456789012-" + p + "-01",
             "00-1234567890123456789012345678901.-" + p + "-01",
             "00-" + t + "3-" + p + "-01",
             "00-" + t.substr(1) + "-" + p + "-01",
             "00-" + t + "-.234567890123456-01",
             "00-" + t + "-123456789012345.-01",
             "00-" + t + "-" + p + "7-01",
             "00-" + t + "-" + p.substr(1) + "-01",
             "00-" + t + "-" + p + "-.0",
             "00-" + t + "-" + p + "-0.",
             "00-" + t + "-" + p + "-001",
             "00-" + t + "-" + p + "-1",
             "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + p + "-01",  // lowercase hex only
             "00-" + t + "-00F067AA0BA902B7-01",
             "00-" + t + "-" + p + "-0A",
             "0A-" + t + "-" + p + "-01",
             "00_" + t + "_" + p + "_01",
             "00-" + t + "-" + p + "-01,00-" + t + "-" + p + "-01",  // two headers
             std::string("garbage"),
             std::string("\xff\xfe"),
         }) {
        const auto before = fiberlog::rejected_headers();
        const adopted a = adopt(tp, "foo=1");
        EXPECT_TRUE(is_lower_hex(a.trace_id, 32)) << tp;
        EXPECT_NE(a.trace_id, trace_hex) << tp;
        EXPECT_NE(a.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736") << tp;
        EXPECT_EQ(a.parent_span, 0u) << tp;  // no remote parent: a new trace
        EXPECT_EQ(a.tracestate, "") << tp;
        EXPECT_EQ(a.traceparent.substr(53), "00") << tp;  // a new trace is not sampled
        EXPECT_EQ(fiberlog::rejected_headers().traceparent, before.traceparent + 1) << tp;
        EXPECT_EQ(fiberlog::rejected_headers().tracestate, before.tracestate + 1) << tp;
    }
}

TEST_F(headers, no_traceparent_starts_a_new_trace_without_counting_a_rejection) {
    const auto before = fiberlog::rejected_headers();
    const adopted a = adopt("");
    const adopted b = adopt(" \t ");
    EXPECT_TRUE(is_lower_hex(a.trace_id, 32));
    EXPECT_NE(a.trace_id, b.trace_id);  // every new trace has its own id
    EXPECT_EQ(fiberlog::rejected_headers().traceparent, before.traceparent);
    EXPECT_EQ(fiberlog::rejected_headers().tracestate, before.tracestate);
    // A tracestate without a traceparent is dropped, and that is counted.
    EXPECT_EQ(adopt("", "foo=1").tracestate, "");
    EXPECT_EQ(fiberlog::rejected_headers().tracestate, before.tracestate + 1);
}

// ---- tracestate --------------------------------------------------------------------------

std::string with_state(std::string_view tracestate) {
    return adopt(valid_parent, tracestate).tracestate;
}

TEST_F(headers, valid_tracestates_are_forwarded_normalized) {
    const std::string lower = "abcdefghijklmnopqrstuvwxyz";
    const std::string key = lower + "0123456789_-*/";
    std::string all_value;  // every allowed value character, a leading space included
    for (char c = 0x20; c <= 0x7e; ++c)
        if (c != ',' && c != '=') all_value += c;
    std::string members32;
    for (int i = 1; i <= 32; ++i)
        members32 +=
            (i > 1 ? "," : "") + std::string("bar") + std::to_string(i) + "=" + std::to_string(i);
    for (auto [in, out] : std::vector<std::pair<std::string, std::string>>{
             {"foo=1,bar=2", "foo=1,bar=2"},
             {"", ""},
             {"foo=1,", "foo=1"},  // an empty header joined to another
             {",foo=1", "foo=1"},
             {" , ,\t,", ""},
             {"foo=1,bar=2,rojo=1,congo=2,baz=3", "foo=1,bar=2,rojo=1,congo=2,baz=3"},
             {"foo=1 \t , \t bar=2, \t baz=3", "foo=1,bar=2,baz=3"},
             {"foo=1\t \t,\t \tbar=2,\t \tbaz=3", "foo=1,bar=2,baz=3"},
             {" foo=1", "foo=1"},
             {"\tfoo=1", "foo=1"},
             {"foo=1 ", "foo=1"},
             {"foo=1\t", "foo=1"},
             {"\t foo=1 \t", "foo=1"},
             {key + "=" + all_value, key + "=" + all_value},
             {key + "@a-z0-9_-*/=" + all_value, key + "@a-z0-9_-*/=" + all_value},
             {"0tenant@vendor=x", "0tenant@vendor=x"},  // a tenant id may start with a digit
             {members32, members32},
             {"foo=1," + std::string(256, 'z') + "=1", "foo=1," + std::string(256, 'z') + "=1"},
             {std::string(241, 't') + "@" + std::string(14, 'v') + "=1",
              std::string(241, 't') + "@" + std::string(14, 'v') + "=1"},
             {"k=" + std::string(256, 'v'), "k=" + std::string(256, 'v')},
         }) {
        const auto before = fiberlog::rejected_headers().tracestate;
        EXPECT_EQ(with_state(in), out) << '"' << in << '"';
        EXPECT_EQ(fiberlog::rejected_headers().tracestate, before) << in;
    }
}

TEST_F(headers, an_invalid_tracestate_is_dropped_whole_and_the_trace_kept) {
    std::string members33;
    for (int i = 1; i <= 33; ++i)
        members33 +=
            (i > 1 ? "," : "") + std::string("bar") + std::to_string(i) + "=" + std::to_string(i);
    for (const std::string& in : {
             std::string("foo=1,foo=1"),
             std::string("foo=1,foo=2"),  // a key twice
             std::string("foo =1"),
             std::string("FOO=1"),
             std::string("foo.bar=1"),
             std::string("1foo=1"),  // a simple key starts with a letter
             std::string("foo@=1,bar=2"),
             std::string("@foo=1,bar=2"),
             std::string("foo@@bar=1,bar=2"),
             std::string("foo@bar@baz=1,bar=2"),
             std::string("foo@1bar=1"),  // a system id starts with a letter
             members33,
             "foo=1," + std::string(257, 'z') + "=1",
             "foo=1," + std::string(242, 't') + "@v=1",
             "foo=1,t@" + std::string(15, 'v') + "=1",
             std::string("foo=bar=baz"),
             std::string("foo=,bar=3"),
             std::string("foo"),
             std::string("foo=a\tb"),
             std::string("foo=\x7f"),
             std::string("foo=caf\xc3\xa9"),
             "k=" + std::string(257, 'v'),
         }) {
        const auto before = fiberlog::rejected_headers().tracestate;
        const adopted a = adopt(valid_parent, in);
        EXPECT_EQ(a.trace_id, trace_hex) << in;  // the traceparent stands
        EXPECT_EQ(a.tracestate, "") << in;
        EXPECT_EQ(fiberlog::rejected_headers().tracestate, before + 1) << in;
    }
}

TEST_F(headers, a_long_tracestate_is_cut_by_whole_members_long_ones_first) {
    std::vector<std::string> members;
    for (int i = 0; i < 10; ++i)
        members.push_back("k" + std::to_string(i) + "=" + std::string(57, 'v'));
    auto join = [](const std::vector<std::string>& m, std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += (i > 0 ? "," : "") + m[i];
        return out;
    };
    // 10 members of 60 characters: 609 in all; the last two go.
    EXPECT_EQ(with_state(join(members, 10)), join(members, 8));
    // A member over 128 characters goes first, wherever it is.
    const std::string big = "big=" + std::string(150, 'b');
    const std::string with_big =
        join(members, 3) + "," + big + "," + join(members, 6).substr(join(members, 3).size() + 1);
    EXPECT_EQ(with_state(with_big), join(members, 6));
    // At most 512 characters stay untouched.
    const std::string exact = join(members, 8) + ",x=" + std::string(22, 'y');
    ASSERT_EQ(exact.size(), 512u);
    EXPECT_EQ(with_state(exact), exact);
}

// ---- baggage -----------------------------------------------------------------------------

std::optional<value> adopted_value(std::string_view header, const std::string& key) {
    fiberlog::clear();
    fiberlog::adopt_baggage(header, {key});
    return fiberlog::get(key);
}

TEST_F(headers, baggage_members_of_the_reference_tests_are_adopted) {
    EXPECT_EQ(adopted_value("SomeKey=SomeValue", "SomeKey"), value{"SomeValue"});
    EXPECT_EQ(
        fiberlog::adopt_baggage("SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal",
                                {"SomeKey", "SomeKey2"}),
        2u);
    EXPECT_EQ(fiberlog::get("SomeKey2"), value{"SomeValue2"});
    fiberlog::clear();
    EXPECT_EQ(fiberlog::adopt_baggage("SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t "
                                      "SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t "
                                      "PropVal",
                                      {"SomeKey", "SomeKey2"}),
              2u);
    EXPECT_EQ(fiberlog::get("SomeKey"), value{"SomeValue"});
    EXPECT_EQ(fiberlog::get("SomeKey2"), value{"SomeValue2"});
    EXPECT_EQ(adopted_value("SomeKey=SomeValue=equals", "SomeKey"), value{"SomeValue=equals"});
    EXPECT_EQ(
        adopted_value("SomeKey=SomeValue;SomeProp;SomeProp=PropValue;SomeProp=Another", "SomeKey"),
        value{"SomeValue"});
    EXPECT_EQ(adopted_value("SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal", "SomeKey"),
              value{"SomeValue"});
    EXPECT_EQ(adopted_value("SomeKey \t = \t SomeValue \t ", "SomeKey"), value{"SomeValue"});
    EXPECT_EQ(adopted_value("SomeKey=", "SomeKey"), value{""});  // a value may be empty
}

TEST_F(headers, baggage_values_are_percent_decoded_and_invalid_utf8_replaced) {
    EXPECT_EQ(
        adopted_value("SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29", "SomeKey"),
        value{"\t \"';=asdf!@#$%^&*()"});
    EXPECT_EQ(adopted_value("userId=Am%C3%A9lie", "userId"), value{"Am\xc3\xa9lie"});
    EXPECT_EQ(adopted_value("serverNode=DF%2028", "serverNode"), value{"DF 28"});
    EXPECT_EQ(adopted_value("k=%c3%a9", "k"), value{"\xc3\xa9"});  // either case of hex
    const std::string fffd = "\xef\xbf\xbd";
    EXPECT_EQ(adopted_value("k=%FF%C3x", "k"), value{fffd + fffd + "x"});
    EXPECT_EQ(adopted_value("k=%ED%A0%80", "k"), value{fffd + fffd + fffd});  // a surrogate
}

TEST_F(headers, malformed_baggage_members_are_skipped_counted_and_the_rest_adopted) {
    for (const std::string& bad : {
             std::string("k=%zz"),
             std::string("k=%4"),
             std::string("k=50%"),
             std::string("k=a b"),
             std::string("k=\"q\""),
             std::string("k=a\\b"),
             std::string("=v"),
             std::string("k v=1"),
             std::string("k"),
             std::string("k=v;"),
             std::string("k=v;p=%zz"),
             std::string("k=v;p q"),
             std::string("k=caf\xc3\xa9"),
             std::string("k=\x01"),
             std::string("k(=v"),
         }) {
        fiberlog::clear();
        const auto before = fiberlog::rejected_headers().baggage_members;
        EXPECT_EQ(fiberlog::adopt_baggage("a=1," + bad + ",b=2", {"a", "b", "k"}), 2u) << bad;
        EXPECT_EQ(fiberlog::get("k"), std::nullopt) << bad;
        EXPECT_EQ(fiberlog::get("a"), value{"1"}) << bad;
        EXPECT_EQ(fiberlog::get("b"), value{"2"}) << bad;
        EXPECT_EQ(fiberlog::rejected_headers().baggage_members, before + 1) << bad;
    }
}

TEST_F(headers, baggage_allow_list_empty_elements_and_duplicates) {
    const auto before = fiberlog::rejected_headers().baggage_members;
    EXPECT_EQ(fiberlog::adopt_baggage("user=alice,secret=x", {"user"}), 1u);
    EXPECT_EQ(fiberlog::get("user"), value{"alice"});
    EXPECT_EQ(fiberlog::get("secret"), std::nullopt);  // not allowed: not adopted, not an error
    EXPECT_EQ(fiberlog::adopt_baggage("a=1,,  ,b=2,", {"a", "b"}), 2u);
    EXPECT_EQ(fiberlog::adopt_baggage("", {"a"}), 0u);
    EXPECT_EQ(fiberlog::adopt_baggage("a!b=1", {"a-b"}), 0u);  // a token, not a context key
    EXPECT_EQ(fiberlog::adopt_baggage("user=bob,user=carol", {"user"}), 2u);
    EXPECT_EQ(fiberlog::get("user"), value{"carol"});  // the later one wins
    EXPECT_EQ(fiberlog::rejected_headers().baggage_members, before);
}

TEST_F(headers, baggage_beyond_64_members_or_8192_bytes_is_skipped) {
    std::string header;
    for (int i = 0; i < 65; ++i) header += (i > 0 ? "," : "") + ("k" + std::to_string(i)) + "=v";
    auto before = fiberlog::rejected_headers().baggage_members;
    EXPECT_EQ(fiberlog::adopt_baggage(header, {"k0", "k63", "k64"}), 2u);
    EXPECT_EQ(fiberlog::get("k63"), value{"v"});
    EXPECT_EQ(fiberlog::get("k64"), std::nullopt);
    EXPECT_EQ(fiberlog::rejected_headers().baggage_members, before + 1);

    fiberlog::clear();
    const std::string fits = "a=" + std::string(8190, 'x');  // exactly 8192 bytes
    before = fiberlog::rejected_headers().baggage_members;
    EXPECT_EQ(fiberlog::adopt_baggage(fits + ",b=1", {"a", "b"}), 1u);
    EXPECT_EQ(fiberlog::get("a"), value{std::string(8190, 'x')});
    EXPECT_EQ(fiberlog::get("b"), std::nullopt);  // ends past byte 8192
    EXPECT_EQ(fiberlog::rejected_headers().baggage_members, before + 1);
}

TEST_F(headers, an_invalid_allowed_key_throws_and_changes_nothing) {
    fiberlog::put("user", "alice");
    EXPECT_THROW(fiberlog::adopt_baggage("user=bob", {"user", "bad key"}), std::invalid_argument);
    EXPECT_EQ(fiberlog::get("user"), value{"alice"});
    EXPECT_THROW(fiberlog::baggage({""}), std::invalid_argument);
}

TEST_F(headers, outgoing_baggage_is_percent_encoded_and_reads_back) {
    fiberlog::put("user", "alice");
    fiberlog::put("attempt", 2);
    fiberlog::put("ratio", 0.5);
    fiberlog::put("secret", "s3cr3t");
    fiberlog::put("note", "a b,c;d%e\"\\\xc3\xa9=");
    const std::vector<std::string> allowed{"user", "attempt", "ratio", "note", "absent"};
    const std::string header = fiberlog::baggage(allowed);
    EXPECT_EQ(header, "user=alice,attempt=2,ratio=0.5,note=a%20b%2Cc%3Bd%25e%22%5C%C3%A9=");
    fiberlog::clear();
    EXPECT_EQ(fiberlog::adopt_baggage(header, allowed), 4u);
    EXPECT_EQ(fiberlog::get("note"), value{"a b,c;d%e\"\\\xc3\xa9="});
    EXPECT_EQ(fiberlog::get("attempt"), value{"2"});  // baggage values are strings
    EXPECT_EQ(fiberlog::baggage({"absent"}), "");
}

TEST_F(headers, outgoing_baggage_keeps_to_the_limits_by_whole_members) {
    std::vector<std::string> allowed;
    for (int i = 0; i < 70; ++i) {
        allowed.push_back("k" + std::to_string(i));
        fiberlog::put(allowed.back(), "v");
    }
    const std::string header = fiberlog::baggage(allowed);
    EXPECT_EQ(std::count(header.begin(), header.end(), ',') + 1, 64);
    fiberlog::clear();
    fiberlog::put("big", std::string(9000, 'x'));
    fiberlog::put("small", "y");
    EXPECT_EQ(fiberlog::baggage({"big", "small"}), "small=y");
}

}  // namespace
