#include "http_service/client.hpp"

#include <optional>
#include <string>
#include <utility>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <fiberlog/asio.hpp>

namespace example::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using fiberlog::asio::yield;

namespace {

// What a reused connection the server has closed meanwhile looks like.
bool closed_by_peer(const boost::system::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::broken_pipe;
}

}  // namespace

client::client(net::io_context& io, std::size_t max_idle) : io_(io), max_idle_(max_idle) {}

response client::send(const tcp::endpoint& to, request req, std::chrono::milliseconds timeout) {
    if (req.find(bhttp::field::host) == req.end())
        req.set(bhttp::field::host, to.address().to_string() + ":" + std::to_string(to.port()));
    req.prepare_payload();
    for (bool retried = false;; retried = true) {
        std::optional<beast::tcp_stream> stream;
        bool reused = false;
        auto& pool = idle_[to];
        if (!pool.empty() && !retried) {
            stream.emplace(std::move(pool.back()));
            pool.pop_back();
            reused = true;
        } else {
            stream.emplace(io_);
            stream->expires_after(timeout);
            stream->async_connect(to, yield);  // throws: refused, timed out
        }
        boost::system::error_code ec;
        stream->expires_after(timeout);
        bhttp::async_write(*stream, req, yield[ec]);
        beast::flat_buffer buffer;
        response res;
        if (!ec) bhttp::async_read(*stream, buffer, res, yield[ec]);
        if (ec) {
            if (reused && closed_by_peer(ec)) continue;  // stale: once more, on a new one
            throw boost::system::system_error(ec, "http call to " + to.address().to_string() +
                                                      ":" + std::to_string(to.port()));
        }
        if (res.keep_alive() && buffer.size() == 0 && pool.size() < max_idle_) {
            stream->expires_never();
            pool.push_back(std::move(*stream));
        }
        return res;
    }
}

std::size_t client::idle_connections() const {
    std::size_t n = 0;
    for (const auto& [endpoint, pool] : idle_) n += pool.size();
    return n;
}

}  // namespace example::http
