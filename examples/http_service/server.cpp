#include "http_service/server.hpp"

#include <sys/socket.h>

#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/fiber/fiber.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>

namespace example::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using fiberlog::asio::yield;

namespace {

tcp::acceptor listen_at(net::io_context& io, const tcp::endpoint& at, bool reuse_port) {
    tcp::acceptor acceptor(io);
    acceptor.open(at.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    if (reuse_port) {
        // Asio has no portable option for it; Linux and the BSDs have SO_REUSEPORT.
        const int on = 1;
        if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0)
            throw boost::system::system_error(errno, boost::system::system_category(),
                                              "SO_REUSEPORT");
    }
    acceptor.bind(at);
    acceptor.listen(net::socket_base::max_listen_connections);
    return acceptor;
}

// The answer to a request the server could not read: the connection closes after it.
response error_response(bhttp::status status, unsigned version, std::string text) {
    response res{status, version};
    res.set(bhttp::field::content_type, "text/plain");
    res.keep_alive(false);
    res.body() = std::move(text);
    res.prepare_payload();
    return res;
}

}  // namespace

server::server(net::io_context& io, const tcp::endpoint& at, handler h, server_options options)
    : acceptor_(listen_at(io, at, options.reuse_port)),
      handler_(std::move(h)),
      options_(options) {}

tcp::endpoint server::local_endpoint() const { return acceptor_.local_endpoint(); }

void server::run() {
    while (!stopping_) {
        boost::system::error_code ec;
        tcp::socket socket = acceptor_.async_accept(yield[ec]);
        if (ec) {
            if (stopping_) break;
            // Out of descriptors, say: wait a little rather than spin on the error.
            spdlog::warn("accept failed: {}", ec.message());
            net::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
            pause.async_wait(yield[ec]);
            continue;
        }
        ++connections_;
        boost::fibers::fiber([this, s = std::move(socket)]() mutable {
            serve(std::move(s));
            std::lock_guard<boost::fibers::mutex> lock{mutex_};
            if (--connections_ == 0) drained_.notify_all();
        }).detach();
    }
    std::unique_lock<boost::fibers::mutex> lock{mutex_};
    drained_.wait(lock, [this] { return connections_ == 0; });
}

void server::stop() {
    if (stopping_) return;
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);  // the accept loop's wait ends with operation_aborted
    for (connection* c : open_)
        if (c->idle) c->stream->socket().cancel(ignored);
}

void server::serve(tcp::socket socket) {
    beast::tcp_stream stream{std::move(socket)};
    connection self{&stream};
    open_.push_front(&self);
    const auto registered = open_.begin();
    bool closing_first = false;
    try {
        closing_first = serve_requests(stream, self);
    } catch (const std::exception& e) {
        spdlog::warn("connection failed: {}", e.what());
    }
    open_.erase(registered);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (closing_first && !ec) {
        // Closing a socket with unread bytes makes the kernel answer with a reset, which can
        // destroy the response before the client reads it: read and drop what the client
        // still sends, until it closes, for a bounded time and size.
        stream.expires_after(std::chrono::seconds(2));
        char sink[4096];
        for (std::size_t total = 0; total < (1u << 20);) {
            total += stream.async_read_some(net::buffer(sink), yield[ec]);
            if (ec) break;
        }
    }
    stream.socket().close(ec);
}

bool server::serve_requests(beast::tcp_stream& stream, connection& self) {
    // Room for the largest request the limits allow: past it the parser has failed anyway.
    beast::flat_buffer buffer{options_.header_limit + options_.body_limit + 4096};
    for (;;) {
        boost::system::error_code ec;
        if (buffer.size() == 0) {
            // Idle: waiting for the first byte of a request. stop() may close the wait.
            if (stopping_) return false;
            self.idle = true;
            stream.expires_after(options_.idle_timeout);
            const std::size_t n = stream.async_read_some(buffer.prepare(4096), yield[ec]);
            self.idle = false;
            if (ec) return false;  // closed by the client, idle too long, or stopping
            buffer.commit(n);
        }
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
        parser.body_limit(options_.body_limit);
        stream.expires_after(options_.request_timeout);
        bhttp::async_read(stream, buffer, parser, yield[ec]);
        response res;
        bool keep_alive = false;
        if (ec == bhttp::error::body_limit) {
            res = error_response(bhttp::status::payload_too_large, 11, "request body too large\n");
        } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
            res = error_response(bhttp::status::bad_request, 11, "request header too large\n");
        } else if (ec == bhttp::error::partial_message || ec == beast::error::timeout ||
                   ec == net::error::operation_aborted || ec == net::error::eof ||
                   ec == net::error::connection_reset) {
            return false;  // the client went away or stalled: nobody to answer
        } else if (ec) {
            res = error_response(bhttp::status::bad_request, 11, "malformed request\n");
        } else {
            const request& req = parser.get();
            try {
                res = handler_(req);
            } catch (const std::exception& e) {
                spdlog::error("handler failed: {}", e.what());
                res = error_response(bhttp::status::internal_server_error, req.version(),
                                     "internal error\n");
            }
            keep_alive = req.keep_alive() && res.keep_alive() && !stopping_;
            res.version(req.version());
            res.keep_alive(keep_alive);
            res.prepare_payload();
        }
        if (ec) spdlog::info("rejected a request: {} -> {}", ec.message(), res.result_int());
        stream.expires_after(options_.request_timeout);
        bhttp::async_write(stream, res, yield[ec]);
        if (ec) return false;
        if (!keep_alive) return true;
    }
}

}  // namespace example::http
