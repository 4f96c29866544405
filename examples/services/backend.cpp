// The second of two services that tell one story across processes (see frontend.cpp). Each
// request enters the frontend's trace from traceparent and tracestate -- its handler's span
// is a child of the frontend fiber that called -- adopts the allow-listed baggage, puts
// request_id (X-Request-Id) and path, runs a fake database query in a child fiber
// (`step=db`, an Asio timer) and answers 200.
//
//   backend [--port N] [--log FILE] [--console LEVEL] [--db-ms N]
//
//   --port N        where to listen on 127.0.0.1 (default 8081; 0: any free one)
//   --log FILE      JSON lines, appended (default backend.jsonl)
//   --console L     text lines on stdout from level L (default info; off: none)
//   --db-ms N       the fake query's wait in milliseconds (default 2)

#include <chrono>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/fiber/fiber.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>
#include <fiberlog/fiberlog.hpp>

#include "http_service/service.hpp"
#include "services/allowed_baggage.hpp"
#include "services/process.hpp"
#include "services/request_scope.hpp"

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using example::http::request;
using example::http::response;

example::http::handler make_backend(net::io_context& io, std::chrono::milliseconds db_latency) {
    return [&io, db_latency](const request& req) {
        const example::services::request_scope scope{req, example::services::allowed_baggage};
        const std::string& id = scope.id();
        spdlog::info("request received");

        boost::fibers::fiber db([&] {
            fiberlog::scoped step{"step", "db"};
            spdlog::info("db query started");
            net::steady_timer timer(io, db_latency);
            timer.async_wait(fiberlog::asio::yield);
            spdlog::info("db query done");
        });
        db.join();

        response res{bhttp::status::ok, req.version()};
        res.set(bhttp::field::content_type, "application/json");
        res.set(example::http::request_id_header, id);
        res.body() = R"({"stock":"ok"})";
        spdlog::info("response 200");
        return res;
    };
}

}  // namespace

int main(int argc, char** argv) {
    const std::string usage = "backend [--port N] [--log FILE] [--console LEVEL] [--db-ms N]";
    example::services::process_options options{"backend", 8081, "backend.jsonl"};
    std::chrono::milliseconds db_latency{2};
    example::services::parse_options(argc, argv, usage, options,
                                     [&](const std::string& flag, const std::string& value) {
                                         if (flag != "--db-ms") return false;
                                         db_latency = std::chrono::milliseconds(
                                             example::services::number_option(usage, flag, value,
                                                                              0, 60000));
                                         return true;
                                     });
    return example::services::run_process(
        options, [&](net::io_context& io, example::http::client&) {
            return make_backend(io, db_latency);
        });
}
