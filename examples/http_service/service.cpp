#include "http_service/service.hpp"

#include <atomic>
#include <cstdio>
#include <cstdint>
#include <exception>
#include <random>
#include <string_view>

#include <boost/asio/steady_timer.hpp>
#include <boost/fiber/fiber.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>
#include <fiberlog/fiberlog.hpp>

namespace example::http {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using fiberlog::asio::yield;

namespace {

bool valid_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '.' || c == '_' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::string new_request_id() {
    static const std::string prefix = [] {
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08x", std::random_device{}());
        return "req-" + std::string(hex) + "-";
    }();
    static std::atomic<std::uint64_t> counter{0};
    return prefix + std::to_string(++counter);
}

// The request's keys, for as long as it is handled; the connection's fiber then goes back to
// the context it had.
struct request_scope {
    explicit request_scope(const request& req, std::string id)
        : request_id{"request_id", std::move(id)},
          method{"method", std::string(req.method_string())},
          path{"path", std::string(req.target())} {}
    fiberlog::scoped request_id, method, path;
};

response json_response(const request& req, bhttp::status status, const std::string& id,
                       std::string body) {
    response res{status, req.version()};
    res.set(bhttp::field::content_type, "application/json");
    res.set(request_id_header, id);
    res.body() = std::move(body);
    return res;
}

}  // namespace

std::string request_id_of(const request& req) {
    const auto found = req.find(request_id_header);
    if (found == req.end()) return new_request_id();
    // Beast's string_view is Boost's in 1.74, the standard one's cousin later: by hand.
    const std::string_view value{found->value().data(), found->value().size()};
    return valid_request_id(value) ? std::string(value) : new_request_id();
}

handler make_front(net::io_context& io, client& backend_client, front_options options) {
    return [&io, &backend_client, options](const request& req) {
        const std::string id = request_id_of(req);
        request_scope scope{req, id};
        spdlog::info("request received");

        boost::fibers::fiber db([&] {
            fiberlog::scoped step{"step", "db"};
            spdlog::info("db query started");
            net::steady_timer query(io, options.db_latency);
            query.async_wait(yield);
            spdlog::info("db query done");
        });
        int backend_status = 0;
        std::string backend_error;
        boost::fibers::fiber backend([&] {
            fiberlog::scoped step{"step", "backend"};
            spdlog::info("calling backend");
            request call{bhttp::verb::get, "/backend/inventory", 11};
            call.set(request_id_header, id);
            try {
                backend_status = backend_client.send(options.backend, std::move(call)).result_int();
                spdlog::info("backend answered {}", backend_status);
            } catch (const std::exception& e) {
                backend_error = e.what();
                spdlog::error("backend call failed: {}", backend_error);
            }
        });
        db.join();
        backend.join();

        const bool ok = backend_status == 200;
        response res = json_response(
            req, ok ? bhttp::status::ok : bhttp::status::bad_gateway, id,
            "{\"request_id\":\"" + id + "\",\"orders\":3,\"inventory\":" +
                (ok ? std::string("\"ok\"") : std::string("null")) + "}\n");
        spdlog::info("response {}", res.result_int());
        return res;
    };
}

handler make_backend() {
    return [](const request& req) {
        const std::string id = request_id_of(req);
        request_scope scope{req, id};
        spdlog::info("request received");
        response res = json_response(req, bhttp::status::ok, id, "{\"inventory\":\"ok\"}\n");
        spdlog::info("response 200");
        return res;
    };
}

}  // namespace example::http
