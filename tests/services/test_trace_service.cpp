// trace_service's handler (examples/services), driven in-process the way the W3C Trace Context
// conformance suite drives it (test/test.py of the level-1 branch, case by case): a harness
// server takes the callbacks, and each case checks the traceparent and tracestate they carry.

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include "http_service/client.hpp"
#include "http_service/server.hpp"
#include "io_thread.hpp"
#include "services/trace_test_handler.hpp"

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using example::http::request;
using example::http::response;
using tcp = net::ip::tcp;
using headers = std::vector<std::pair<std::string, std::string>>;

const std::string given_trace = "12345678901234567890123456789012";
const std::string given_parent = "1234567890123456";
const std::string given = "00-" + given_trace + "-" + given_parent + "-01";

// What one callback carried.
struct callback {
    std::vector<std::string> traceparents;
    std::vector<std::string> tracestates;
    std::string body;
};

// The trace service and a harness on ephemeral ports, in one io thread; run() sends the
// service a test request whose calls come back to the harness, and returns the callbacks.
class conformance {
public:
    explicit conformance(net::io_context& io)
        : client_(io),
          service_(io, {net::ip::address_v4::loopback(), 0},
                   example::services::make_trace_test_handler(client_)),
          harness_(io, {net::ip::address_v4::loopback(), 0},
                   [this](const request& req) { return record(req); }),
          service_fiber_([this] { service_.run(); }),
          harness_fiber_([this] { harness_.run(); }) {}

    ~conformance() {
        service_.stop();
        harness_.stop();
        service_fiber_.join();
        harness_fiber_.join();
    }

    // Sends `fields` with a request for `count` callbacks; returns them in order.
    std::vector<callback> run(const headers& fields, int count = 1) {
        const std::string scope = "/case" + std::to_string(++cases_);
        std::string body = "[";
        for (int i = 0; i < count; ++i)
            body += (i > 0 ? "," : "") + std::string(R"({"url":"http://127.0.0.1:)") +
                    std::to_string(harness_.local_endpoint().port()) + scope + "." +
                    std::to_string(i) + R"(","arguments":[)" + std::to_string(i) + "]}";
        body += "]";
        request req{bhttp::verb::post, "/test", 11};
        for (const auto& [name, value] : fields) req.insert(name, value);
        req.set(bhttp::field::content_type, "application/json");
        req.body() = body;
        const response res = client_.send(service_.local_endpoint(), std::move(req));
        EXPECT_EQ(res.result(), bhttp::status::ok);
        std::vector<callback> out;
        for (int i = 0; i < count; ++i) {
            const auto it = got_.find(scope + "." + std::to_string(i));
            if (it == got_.end()) {
                ADD_FAILURE() << "no callback " << i << " for " << scope;
                out.emplace_back();
            } else {
                out.push_back(it->second);
            }
        }
        return out;
    }

    callback one(const headers& fields) { return run(fields).at(0); }

    response post_raw(const std::string& target, const std::string& body) {
        request req{bhttp::verb::post, target, 11};
        req.body() = body;
        return client_.send(service_.local_endpoint(), std::move(req));
    }

private:
    response record(const request& req) {
        callback c;
        for (const auto& field : req) {
            const std::string name(field.name_string().data(), field.name_string().size());
            const std::string value(field.value().data(), field.value().size());
            if (name == "traceparent") c.traceparents.push_back(value);
            if (name == "tracestate") c.tracestates.push_back(value);
        }
        c.body = req.body();
        got_[std::string(req.target())] = c;
        response res{bhttp::status::ok, req.version()};
        res.body() = "{}";
        return res;
    }

    example::http::client client_;
    example::http::server service_;
    example::http::server harness_;
    std::map<std::string, callback> got_;
    int cases_ = 0;
    boost::fibers::fiber service_fiber_;
    boost::fibers::fiber harness_fiber_;
};

// The callback's one traceparent, well-formed (what the suite's Traceparent parser demands).
std::string traceparent_of(const callback& c) {
    EXPECT_EQ(c.traceparents.size(), 1u);
    if (c.traceparents.size() != 1) return {};
    const std::regex format("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    EXPECT_TRUE(std::regex_match(c.traceparents[0], format)) << c.traceparents[0];
    EXPECT_NE(c.traceparents[0].substr(3, 32), std::string(32, '0'));
    EXPECT_NE(c.traceparents[0].substr(36, 16), std::string(16, '0'));
    return c.traceparents[0];
}

std::string trace_of(const callback& c) { return traceparent_of(c).substr(3, 32); }

// The tracestate sent, "" for none (fiberlog never sends an empty one).
std::string tracestate_of(const callback& c) {
    EXPECT_LE(c.tracestates.size(), 1u);
    if (!c.tracestates.empty()) {
        EXPECT_NE(c.tracestates[0], "");
    }
    return c.tracestates.empty() ? std::string() : c.tracestates[0];
}

void in_conformance(const std::function<void(conformance&)>& body) {
    fiberlog::test::run_in_io_thread([&](net::io_context& io) {
        conformance c(io);
        body(c);
    });
}

TEST(trace_service, traceparent_cases_of_the_conformance_suite) {
    in_conformance([](conformance& c) {
        // Missing: a new trace. Given: adopted, with a new parent id.
        EXPECT_EQ(trace_of(c.one({})).size(), 32u);
        const callback adopted = c.one({{"traceparent", given}});
        EXPECT_EQ(trace_of(adopted), given_trace);
        EXPECT_NE(traceparent_of(adopted).substr(36, 16), given_parent);
        EXPECT_EQ(traceparent_of(adopted).substr(53), "01");
        for (const char* name : {"TraceParent", "TrAcEpArEnT", "TRACEPARENT"})
            EXPECT_EQ(trace_of(c.one({{name, given}})), given_trace) << name;
        const std::string tail = given_trace + "-" + given_parent + "-01";
        for (const std::string& ok : {"cc-" + tail, "cc-" + tail + "-what-the-future-will-be-like",
                                      " 00-" + tail, "\t00-" + tail, "00-" + tail + " ",
                                      "00-" + tail + "\t", "\t 00-" + tail + " \t"})
            EXPECT_EQ(trace_of(c.one({{"traceparent", ok}})), given_trace) << '"' << ok << '"';

        const std::string t = given_trace, p = given_parent;
        const std::vector<headers> new_trace{
            {{"traceparent", "00-12345678901234567890123456789011-" + p + "-01"},
             {"traceparent", given}},  // duplicated
            {{"trace-parent", given}}, {{"trace.parent", given}},
            {{"traceparent", given + "."}},
            {{"traceparent", given + "-what-the-future-will-be-like"}},
            {{"traceparent", "cc-" + tail + ".what-the-future-will-be-like"}},
            {{"traceparent", "ff-" + tail}},
            {{"traceparent", ".0-" + tail}}, {{"traceparent", "0.-" + tail}},
            {{"traceparent", "000-" + tail}}, {{"traceparent", "0000-" + tail}},
            {{"traceparent", "0-" + tail}},
            {{"traceparent", "00-00000000000000000000000000000000-" + p + "-01"}},
            {{"traceparent", "00-.2345678901234567890123456789012-" + p + "-01"}},
            {{"traceparent", "00-1234567890123456789012345678901.-" + p + "-01"}},
            {{"traceparent", "00-" + t + "3-" + p + "-01"}},
            {{"traceparent", "00-" + t.substr(1) + "-" + p + "-01"}},
            {{"traceparent", "00-" + t + "-0000000000000000-01"}},
            {{"traceparent", "00-" + t + "-.234567890123456-01"}},
            {{"traceparent", "00-" + t + "-123456789012345.-01"}},
            {{"traceparent", "00-" + t + "-" + p + "7-01"}},
            {{"traceparent", "00-" + t + "-" + p.substr(1) + "-01"}},
            {{"traceparent", "00-" + t + "-" + p + "-.0"}},
            {{"traceparent", "00-" + t + "-" + p + "-0."}},
            {{"traceparent", "00-" + t + "-" + p + "-001"}},
            {{"traceparent", "00-" + t + "-" + p + "-1"}},
        };
        for (const headers& h : new_trace) {
            const std::string trace = trace_of(c.one(h));
            EXPECT_NE(trace, given_trace) << h.back().second;
            EXPECT_NE(trace, "12345678901234567890123456789011") << h.back().second;
        }
    });
}

TEST(trace_service, tracestate_cases_of_the_conformance_suite) {
    in_conformance([](conformance& c) {
        auto state = [&](std::vector<std::string> states, const std::string& name = "tracestate") {
            headers h{{"traceparent", "00-" + given_trace + "-" + given_parent + "-00"}};
            for (auto& s : states) h.emplace_back(name, std::move(s));
            const callback cb = c.one(h);
            EXPECT_EQ(trace_of(cb), given_trace);
            return tracestate_of(cb);
        };
        EXPECT_EQ(tracestate_of(c.one({{"tracestate", "foo=1"}})), "");  // no traceparent
        EXPECT_EQ(state({"foo=1,bar=2"}), "foo=1,bar=2");
        EXPECT_EQ(state({"foo=1"}, "trace-state"), "");
        EXPECT_EQ(state({"foo=1"}, "trace.state"), "");
        for (const char* name : {"TraceState", "TrAcEsTaTe", "TRACESTATE"})
            EXPECT_EQ(state({"foo=1"}, name), "foo=1") << name;
        EXPECT_EQ(state({""}), "");
        EXPECT_EQ(state({"foo=1", ""}), "foo=1");
        EXPECT_EQ(state({"", "foo=1"}), "foo=1");
        EXPECT_EQ(state({"foo=1,bar=2", "rojo=1,congo=2", "baz=3"}),
                  "foo=1,bar=2,rojo=1,congo=2,baz=3");
        for (auto dup : std::vector<std::vector<std::string>>{
                 {"foo=1,foo=1"}, {"foo=1,foo=2"}, {"foo=1", "foo=1"}, {"foo=1", "foo=2"}})
            EXPECT_EQ(state(dup), "");
        const std::string key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        std::string value;
        for (char ch = 0x20; ch <= 0x7e; ++ch)
            if (ch != ',' && ch != '=') value += ch;
        EXPECT_EQ(state({key + "=" + value}), key + "=" + value);
        EXPECT_EQ(state({key + "@a-z0-9_-*/=" + value}), key + "@a-z0-9_-*/=" + value);
        EXPECT_EQ(state({"foo=1 \t , \t bar=2, \t baz=3"}), "foo=1,bar=2,baz=3");
        EXPECT_EQ(state({"foo=1\t \t,\t \tbar=2,\t \tbaz=3"}), "foo=1,bar=2,baz=3");
        for (const char* ows : {" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t"})
            EXPECT_EQ(state({ows}), "foo=1") << '"' << ows << '"';
        for (const char* bad : {"foo =1", "FOO=1", "foo.bar=1", "foo@=1,bar=2", "@foo=1,bar=2",
                                "foo@@bar=1,bar=2", "foo@bar@baz=1,bar=2", "foo=bar=baz",
                                "foo=,bar=3"})
            EXPECT_EQ(state({bad}), "") << bad;
        std::vector<std::string> lists{"", "", "", ""};
        std::string all32;
        for (int i = 1; i <= 33; ++i) {
            char member[16];
            std::snprintf(member, sizeof member, "bar%02d=%02d", i, i);
            std::string& list = lists[static_cast<std::size_t>((i - 1) / 10)];
            list += (list.empty() ? "" : ",") + std::string(member);
            if (i <= 32) all32 += (all32.empty() ? "" : ",") + std::string(member);
        }
        EXPECT_EQ(state({lists[0], lists[1], lists[2], "bar31=31,bar32=32"}), all32);
        EXPECT_EQ(state(lists), "");  // 33 members
        EXPECT_EQ(state({"foo=1", std::string(256, 'z') + "=1"}),
                  "foo=1," + std::string(256, 'z') + "=1");
        EXPECT_EQ(state({"foo=1", std::string(257, 'z') + "=1"}), "");
        EXPECT_EQ(state({"foo=1", std::string(241, 't') + "@" + std::string(14, 'v') + "=1"}),
                  "foo=1," + std::string(241, 't') + "@" + std::string(14, 'v') + "=1");
        EXPECT_EQ(state({"foo=1", std::string(242, 't') + "@v=1"}), "");
        EXPECT_EQ(state({"foo=1", "t@" + std::string(15, 'v') + "=1"}), "");
    });
}

TEST(trace_service, each_call_is_a_span_of_its_own) {
    in_conformance([](conformance& c) {
        const std::string zero_trace = "00-" + std::string(32, '0') + "-" + given_parent + "-01";
        for (const headers& h :
             std::vector<headers>{{{"traceparent", given}}, {}, {{"traceparent", zero_trace}}}) {
            const std::vector<callback> calls = c.run(h, 3);
            std::set<std::string> traces, parents;
            for (std::size_t i = 0; i < calls.size(); ++i) {
                traces.insert(trace_of(calls[i]));
                parents.insert(traceparent_of(calls[i]).substr(36, 16));
                EXPECT_EQ(calls[i].body, "[" + std::to_string(i) + "]");  // its own arguments
            }
            EXPECT_EQ(traces.size(), 1u);
            EXPECT_EQ(parents.size(), 3u);
            EXPECT_EQ(parents.count(given_parent), 0u);
            EXPECT_EQ(traces.count(std::string(32, '0')), 0u);
        }
    });
}

TEST(trace_service, other_requests_are_refused_and_the_service_goes_on) {
    in_conformance([](conformance& c) {
        EXPECT_EQ(c.post_raw("/other", "[]").result(), bhttp::status::not_found);
        EXPECT_EQ(c.post_raw("/test", "not json").result(), bhttp::status::bad_request);
        EXPECT_EQ(c.post_raw("/test", R"({"url":"x"})").result(), bhttp::status::bad_request);
        // Unusable calls are skipped, and answered 200 all the same.
        EXPECT_EQ(c.post_raw("/test", R"([1, {"url":"ftp://x"}, {"url":"http://nohost:1/"}])")
                      .result(),
                  bhttp::status::ok);
        EXPECT_EQ(trace_of(c.one({{"traceparent", given}})), given_trace);
    });
}

}  // namespace
