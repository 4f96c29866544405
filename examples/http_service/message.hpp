#pragma once

// The HTTP messages the example's server, client and handlers exchange: Beast's, with the
// body in a std::string.

#include <functional>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace example::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;

/// Answers one request. Runs on the connection's fiber: it may launch fibers and wait on
/// Asio with fiberlog::asio::yield. An exception becomes a 500 response. The server sets
/// keep-alive, the HTTP version and Content-Length.
using handler = std::function<response(const request&)>;

}  // namespace example::http
