// The example HTTP service (examples/http_service) on ephemeral ports: hundreds of requests
// from fibers, every response and every log line checked; malformed and oversized requests
// rejected while the service goes on; the graceful stop, by stop(), SIGINT and SIGTERM.

#include <algorithm>
#include <csignal>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>

#include "http_service/app.hpp"
#include "http_service/client.hpp"
#include "http_service/log_check.hpp"
#include "http_service/logging.hpp"
#include "http_service/server.hpp"
#include "http_service/service.hpp"
#include "io_thread.hpp"

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using example::http::request;
using example::http::response;
using fiberlog::asio::yield;
using fiberlog::test::run_in_io_thread;

// The service's JSON log in a file of its own, the console off; checked after the stop.
class http_service : public ::testing::Test {
protected:
    void SetUp() override {
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '_');  // a parameterized test's
        path_ = ::testing::TempDir() + "http_service_" + name + ".jsonl";
        std::remove(path_.c_str());
        example::logging::options log;
        log.json_path = path_;
        log.console_level = spdlog::level::off;
        logger_ = example::logging::setup(log);
    }
    void TearDown() override { spdlog::drop_all(); }

    example::http::log_check_result check_log() {
        logger_->flush();
        std::ifstream in(path_);
        return example::http::check_request_logs(in);
    }

    // Runs the service on its own threads until the returned guard stops it and joins.
    struct running {
        explicit running(example::http::app_options o)
            : service(std::move(o)),
              port(service.port()),
              thread([this] { service.run(); }) {}
        ~running() { stop(); }
        void stop() {
            if (!thread.joinable()) return;
            service.stop();
            thread.join();
        }
        tcp::endpoint front() const { return {net::ip::address_v4::loopback(), port}; }
        example::http::app service;
        std::uint16_t port;  // read before the service's threads start
        std::thread thread;
    };

    std::string path_;
    std::shared_ptr<spdlog::logger> logger_;
};

request get(const std::string& target) { return request{bhttp::verb::get, target, 11}; }

// 32 client fibers x 10 requests, against 2 service threads listening on one port
// (SO_REUSEPORT). A quarter of the requests come without X-Request-Id.
TEST_F(http_service, every_response_and_every_log_line_of_hundreds_of_requests) {
    constexpr int clients = 32, per_client = 10;
    example::http::app_options options;
    options.threads = 2;
    running service{options};
    std::set<std::string> sent_ids;
    int failures = 0;
    run_in_io_thread([&](net::io_context& io) {
        std::vector<boost::fibers::fiber> fibers;
        for (int c = 0; c < clients; ++c) {
            fibers.emplace_back([&, c] {
                example::http::client http(io);  // a connection of its own
                for (int k = 0; k < per_client; ++k) {
                    request req = get("/orders/" + std::to_string(c));
                    std::string id;
                    if (k % 4 != 3) {
                        id = "t-" + std::to_string(c) + "-" + std::to_string(k);
                        req.set(example::http::request_id_header, id);
                    }
                    const response res = http.send(service.front(), std::move(req));
                    const std::string echoed{res[example::http::request_id_header]};
                    if (id.empty()) id = echoed;
                    if (res.result() != bhttp::status::ok || echoed != id || echoed.empty() ||
                        res.body() != "{\"request_id\":\"" + id +
                                          "\",\"orders\":3,\"inventory\":\"ok\"}\n" ||
                        !sent_ids.insert(id).second)
                        ++failures;
                }
            });
        }
        for (auto& f : fibers) f.join();
    });
    service.stop();
    EXPECT_EQ(failures, 0);
    ASSERT_EQ(sent_ids.size(), std::size_t{clients * per_client});

    const auto log = check_log();
    for (const auto& p : log.problems) ADD_FAILURE() << p;
    EXPECT_EQ(log.request_ids, sent_ids);
    EXPECT_EQ(log.threads.size(), 2u) << "both service threads took connections";
}

// Reads one response off a raw connection, then expects the server to close it.
response read_response_then_close(tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    response res;
    bhttp::async_read(socket, buffer, res, yield);
    char byte;
    boost::system::error_code ec;
    net::async_read(socket, net::buffer(&byte, 1), yield[ec]);
    EXPECT_EQ(ec, net::error::eof) << "the server keeps the connection open";
    return res;
}

response send_raw(net::io_context& io, const tcp::endpoint& to, const std::string& bytes) {
    tcp::socket socket(io);
    socket.async_connect(to, yield);
    boost::system::error_code ec;  // the server may close before it has read everything
    net::async_write(socket, net::buffer(bytes), yield[ec]);
    return read_response_then_close(socket);
}

TEST_F(http_service, malformed_and_oversized_requests_are_rejected_and_the_service_goes_on) {
    running service{example::http::app_options{}};
    run_in_io_thread([&](net::io_context& io) {
        const tcp::endpoint to = service.front();
        EXPECT_EQ(send_raw(io, to, "GARBAGE\r\n\r\n").result(), bhttp::status::bad_request);
        EXPECT_EQ(send_raw(io, to, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n\r\n")
                      .result(),
                  bhttp::status::bad_request);
        EXPECT_EQ(send_raw(io, to,
                           "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(16 * 1024, 'c') +
                               "\r\n\r\n")
                      .result(),
                  bhttp::status::bad_request);
        EXPECT_EQ(send_raw(io, to,
                           "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
                      .result(),
                  bhttp::status::payload_too_large);
        EXPECT_EQ(send_raw(io, to,
                           "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                               std::string("20000\r\n") + std::string(0x20000, 'b') + "\r\n0\r\n\r\n")
                      .result(),
                  bhttp::status::payload_too_large);
        // Still serving.
        example::http::client http(io);
        request req = get("/after");
        req.set(example::http::request_id_header, "after-1");
        EXPECT_EQ(http.send(to, std::move(req)).result(), bhttp::status::ok);
    });
    service.stop();
    const auto log = check_log();
    for (const auto& p : log.problems) ADD_FAILURE() << p;
    EXPECT_EQ(log.request_ids, std::set<std::string>{"after-1"});
    EXPECT_EQ(log.lines, 8u + 5u) << "8 for the good request, one per rejected one";
}

// The graceful stop of one server, step by step: a request in flight gets its answer (with
// Connection: close), an idle keep-alive connection is closed, nobody new gets in, and run()
// returns once the last connection has ended.
TEST_F(http_service, stop_finishes_requests_in_flight_and_closes_idle_connections) {
    run_in_io_thread([&](net::io_context& io) {
        boost::fibers::buffered_channel<int> entered{2}, gate{2};
        example::http::server server(
            io, {net::ip::address_v4::loopback(), 0}, [&](const request& req) {
                if (req.target() == "/slow") {
                    entered.push(1);
                    int go = 0;
                    gate.pop(go);
                }
                response res{bhttp::status::ok, 11};
                res.body() = "done";
                return res;
            });
        const tcp::endpoint to = server.local_endpoint();
        boost::fibers::fiber serving([&] { server.run(); });

        tcp::socket idle(io);  // one request done, then idle on keep-alive
        idle.async_connect(to, yield);
        request first = get("/fast");
        bhttp::async_write(idle, first, yield);
        boost::beast::flat_buffer buffer;
        response res;
        bhttp::async_read(idle, buffer, res, yield);
        EXPECT_TRUE(res.keep_alive());

        tcp::socket busy(io);
        busy.async_connect(to, yield);
        request slow = get("/slow");
        bhttp::async_write(busy, slow, yield);
        int in = 0;
        entered.pop(in);  // the handler runs: the request is in flight
        EXPECT_EQ(server.connections(), 2u);

        server.stop();
        char byte;
        boost::system::error_code ec;
        net::async_read(idle, net::buffer(&byte, 1), yield[ec]);
        EXPECT_EQ(ec, net::error::eof) << "the idle connection is closed";
        tcp::socket late(io);
        late.async_connect(to, yield[ec]);
        EXPECT_EQ(ec, net::error::connection_refused) << "nobody new gets in";

        gate.push(1);
        const response answer = read_response_then_close(busy);
        EXPECT_EQ(answer.body(), "done");
        EXPECT_FALSE(answer.keep_alive());
        busy.close();
        idle.close();
        serving.join();  // run() returned: every connection has ended
        EXPECT_EQ(server.connections(), 0u);
    });
}

class http_service_signal : public http_service, public ::testing::WithParamInterface<int> {};

TEST_P(http_service_signal, stops_the_service_after_its_requests) {
    example::http::app_options options;
    options.stop_on_signals = true;
    running service{options};
    run_in_io_thread([&](net::io_context& io) {
        example::http::client http(io);
        request req = get("/before-signal");
        req.set(example::http::request_id_header, "sig-1");
        EXPECT_EQ(http.send(service.front(), std::move(req)).result(), bhttp::status::ok);
    });
    // The service answered, so its first thread runs and waits for the signal.
    std::raise(GetParam());
    service.thread.join();  // run() returned without stop()
    const auto log = check_log();
    for (const auto& p : log.problems) ADD_FAILURE() << p;
    EXPECT_EQ(log.request_ids, std::set<std::string>{"sig-1"});
}

INSTANTIATE_TEST_SUITE_P(signals, http_service_signal, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& p) {
                             return p.param == SIGINT ? "sigint" : "sigterm";
                         });

}  // namespace
