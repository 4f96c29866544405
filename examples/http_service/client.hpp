#pragma once

// HTTP/1.1 calls from fibers, over keep-alive connections kept for reuse. Reusable: the
// example's handler calls its second service with it.

#include <chrono>
#include <cstddef>
#include <map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http_service/message.hpp"

namespace example::http {

/// Sends requests from the fibers of one thread (its io_context's, under
/// fiberlog::asio::round_robin), each fiber waiting only for its own call. Keeps up to
/// `max_idle` idle connections per endpoint for the next calls. Not thread-safe: one client
/// per thread.
class client {
public:
    explicit client(boost::asio::io_context& io, std::size_t max_idle = 64);
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// Sends `req` to `to` (setting Host and Content-Length) and returns the response; the
    /// calling fiber waits, at most `timeout` for each step. A reused connection that turns
    /// out closed by the server before any byte of the response is replaced once by a new
    /// one. Throws boost::system::system_error when the call fails (refused, reset, timed
    /// out, malformed response).
    response send(const boost::asio::ip::tcp::endpoint& to, request req,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

    /// Idle connections kept now, over all endpoints.
    std::size_t idle_connections() const;

private:
    boost::asio::io_context& io_;
    std::size_t max_idle_;
    std::map<boost::asio::ip::tcp::endpoint, std::vector<boost::beast::tcp_stream>> idle_;
};

}  // namespace example::http
