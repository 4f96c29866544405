#pragma once

// An HTTP/1.1 server on fibers: each connection is a fiber of the thread that runs the server,
// every wait a fiberlog::asio::yield. Reusable: give it a handler; it does the protocol
// (keep-alive, limits, errors) and the graceful stop.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

#include "http_service/message.hpp"

namespace example::http {

struct server_options {
    std::size_t header_limit = 8 * 1024;          ///< larger headers: 400, connection closed
    std::uint64_t body_limit = 64 * 1024;         ///< larger bodies: 413, connection closed
    std::chrono::seconds idle_timeout{30};        ///< a keep-alive connection idle this long closes
    std::chrono::seconds request_timeout{30};     ///< reading one request, and writing its response
    /// SO_REUSEPORT: several threads, each with its own io_context and server, listen on one
    /// port and the kernel spreads the connections among them.
    bool reuse_port = false;
};

/// Listens at construction (port 0: an ephemeral one, see local_endpoint()), serves in run().
/// Lives on one thread: its io_context's, whose fibers run under fiberlog::asio::round_robin;
/// call stop() there too (from another thread: boost::asio::post it).
class server {
public:
    /// Throws boost::system::system_error when it cannot listen.
    server(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& at, handler h,
           server_options options = {});
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const;

    /// Accepts connections, each served by a fiber, until stop(); then returns once every
    /// connection has ended. Call it from a fiber.
    void run();

    /// Stops accepting, closes the connections that wait for a request, and lets every
    /// request already being read or handled get its response (with `Connection: close`).
    /// Idempotent.
    void stop();

    /// Connections open now.
    std::size_t connections() const { return connections_; }

private:
    struct connection {
        boost::beast::tcp_stream* stream;
        bool idle = false;  // waiting for the first byte of a request: stop() closes it
    };

    void serve(boost::asio::ip::tcp::socket socket);
    // Returns true when the server ends the connection (the client has not closed it).
    bool serve_requests(boost::beast::tcp_stream& stream, connection& self);

    boost::asio::ip::tcp::acceptor acceptor_;
    handler handler_;
    server_options options_;
    bool stopping_ = false;
    std::size_t connections_ = 0;
    std::list<connection*> open_;
    boost::fibers::mutex mutex_;  // for drained_; all of this lives on one thread
    boost::fibers::condition_variable drained_;
};

}  // namespace example::http
