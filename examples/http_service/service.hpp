#pragma once

// The example's request handling: a front endpoint that fans out to two child fibers (a fake
// database query and a call to a second service), and that second service.

#include <chrono>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http_service/client.hpp"
#include "http_service/message.hpp"

namespace example::http {

/// The header a request id travels in, into the service and on to the second one.
inline constexpr const char* request_id_header = "X-Request-Id";

/// The request id of `req`: its X-Request-Id when that is 1 to 128 letters, digits and
/// `-._:`; otherwise a new one, unique in the process (`req-<random>-<n>`).
std::string request_id_of(const request& req);

struct front_options {
    boost::asio::ip::tcp::endpoint backend;              ///< the second service
    std::chrono::milliseconds db_latency{1};             ///< the fake query's Asio timer
};

/// The front service. Each request: puts `request_id`, `method` and `path` in the fiber's
/// context for the request; logs "request received"; runs two child fibers -- `step=db`
/// waits on an Asio timer ("db query started", "db query done"), `step=backend` calls
/// GET /backend/inventory on `options.backend` with the request id ("calling backend",
/// "backend answered <status>") -- and answers 200 with the request id in X-Request-Id and
/// in a JSON body, or 502 when the backend call failed ("backend call failed: ..." at
/// error); logs "response <status>". Every line carries the request's context.
/// `backend_client` must belong to the same thread.
handler make_front(boost::asio::io_context& io, client& backend_client, front_options options);

/// The second service: for any path, puts the same three keys, logs "request received",
/// answers 200 `{"inventory":"ok"}` with X-Request-Id, logs "response 200".
handler make_backend();

}  // namespace example::http
