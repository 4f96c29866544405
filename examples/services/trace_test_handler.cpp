#include "services/trace_test_handler.hpp"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/fiber/fiber.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "services/propagation.hpp"

namespace example::services {

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using http::request;
using http::response;
using tcp = net::ip::tcp;

struct target {
    tcp::endpoint at;
    std::string path;
};

// `http://HOST:PORT/PATH` with HOST an IPv4 address or localhost; false otherwise.
bool parse_url(std::string_view url, target& out) {
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme) return false;
    url.remove_prefix(scheme.size());
    const std::size_t slash = url.find('/');
    const std::string_view authority = url.substr(0, slash);
    out.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    const std::size_t colon = authority.rfind(':');
    if (colon == std::string_view::npos) return false;
    std::string host(authority.substr(0, colon));
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code ec;
    const auto address = net::ip::make_address_v4(host, ec);
    unsigned long port = 0;
    const std::string_view digits = authority.substr(colon + 1);
    const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec || err != std::errc{} || end != digits.data() + digits.size() || port == 0 ||
        port > 65535)
        return false;
    out.at = tcp::endpoint(address, static_cast<unsigned short>(port));
    return true;
}

response answer(const request& req, bhttp::status status, std::string body) {
    response res{status, req.version()};
    res.set(bhttp::field::content_type, "application/json");
    res.body() = std::move(body);
    return res;
}

}  // namespace

http::handler make_trace_test_handler(http::client& client) {
    return [&client](const request& req) {
        if (req.method() != bhttp::verb::post || req.target() != "/test")
            return answer(req, bhttp::status::not_found, R"({"error":"POST /test only"})");
        incoming trace{req, {}};
        const nlohmann::json calls = nlohmann::json::parse(req.body(), nullptr, false);
        if (!calls.is_array())
            return answer(req, bhttp::status::bad_request, R"({"error":"not a JSON array"})");
        spdlog::info("test request: {} calls", calls.size());
        std::vector<boost::fibers::fiber> fibers;
        for (const nlohmann::json& call : calls) {
            fibers.emplace_back([&client, &call] {  // a span of its own for each call
                target to;
                const auto url = call.is_object() ? call.find("url") : call.end();
                if (url == call.end() || !url->is_string() ||
                    !parse_url(url->get<std::string>(), to)) {
                    spdlog::warn("skipped a call without a usable url: {}", call.dump());
                    return;
                }
                request out{bhttp::verb::post, to.path, 11};
                out.set(bhttp::field::content_type, "application/json");
                const auto arguments = call.find("arguments");
                out.body() = arguments != call.end() ? arguments->dump() : "[]";
                propagate(out, {});
                try {
                    const response res = client.send(to.at, std::move(out));
                    spdlog::info("called {}: {}", url->get<std::string>(), res.result_int());
                } catch (const std::exception& e) {
                    spdlog::warn("call to {} failed: {}", url->get<std::string>(), e.what());
                }
            });
        }
        for (auto& f : fibers) f.join();
        return answer(req, bhttp::status::ok, "{}");
    };
}

}  // namespace example::services
