// The first of two services that tell one story across processes. Each request to
// GET /orders/<anything> enters the caller's W3C trace (or starts one), adopts the
// allow-listed baggage (tenant, user), puts request_id (X-Request-Id or a new one) and path,
// and calls the backend from a child fiber -- a span of its own -- propagating traceparent,
// tracestate, baggage and X-Request-Id. Every line, in both processes, carries the trace id,
// its fiber's span and parent span, and names its service.
//
//   frontend --backend PORT [--port N] [--log FILE] [--console LEVEL]
//
//   --backend PORT  the backend on 127.0.0.1 (required)
//   --port N        where to listen on 127.0.0.1 (default 8080; 0: any free one)
//   --log FILE      JSON lines, appended (default frontend.jsonl)
//   --console L     text lines on stdout from level L (default info; off: none)
//
// scripts/demo-services.sh runs both and reads one request's story back with fiberlog-tail.

#include <string>

#include <boost/asio/ip/address.hpp>
#include <boost/fiber/fiber.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>

#include "http_service/service.hpp"
#include "services/allowed_baggage.hpp"
#include "services/process.hpp"
#include "services/propagation.hpp"
#include "services/request_scope.hpp"

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using example::http::request;
using example::http::response;

example::http::handler make_frontend(example::http::client& client,
                                     const net::ip::tcp::endpoint& backend) {
    return [&client, backend](const request& req) {
        const example::services::request_scope scope{req, example::services::allowed_baggage};
        const std::string& id = scope.id();
        spdlog::info("request received");

        unsigned status = 502;
        boost::fibers::fiber call([&] {
            fiberlog::scoped step{"step", "stock"};
            request out{bhttp::verb::get, "/stock" + std::string(req.target()), 11};
            out.set(example::http::request_id_header, id);
            example::services::propagate(out, example::services::allowed_baggage);
            spdlog::info("calling backend");
            try {
                const response answer = client.send(backend, std::move(out));
                spdlog::info("backend answered {}", answer.result_int());
                if (answer.result() == bhttp::status::ok) status = 200;
            } catch (const std::exception& e) {
                spdlog::error("backend call failed: {}", e.what());
            }
        });
        call.join();

        response res{static_cast<bhttp::status>(status), req.version()};
        res.set(bhttp::field::content_type, "application/json");
        res.set(example::http::request_id_header, id);
        res.body() = R"({"request_id":")" + id + R"(","trace_id":")" + fiberlog::trace_id() + "\"}";
        spdlog::info("response {}", status);
        return res;
    };
}

}  // namespace

int main(int argc, char** argv) {
    const std::string usage =
        "frontend --backend PORT [--port N] [--log FILE] [--console LEVEL]";
    example::services::process_options options{"frontend", 8080, "frontend.jsonl"};
    unsigned long backend_port = 0;
    example::services::parse_options(argc, argv, usage, options,
                                     [&](const std::string& flag, const std::string& value) {
                                         if (flag != "--backend") return false;
                                         backend_port = example::services::number_option(
                                             usage, flag, value, 1, 65535);
                                         return true;
                                     });
    if (backend_port == 0) {
        std::fprintf(stderr, "frontend: --backend PORT is required\nusage: %s\n", usage.c_str());
        return 2;
    }
    const net::ip::tcp::endpoint backend{net::ip::address_v4::loopback(),
                                         static_cast<unsigned short>(backend_port)};
    return example::services::run_process(
        options, [&](net::io_context&, example::http::client& client) {
            return make_frontend(client, backend);
        });
}
