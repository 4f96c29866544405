#pragma once

// What both services of the example do first with a request: enter the caller's trace, adopt
// the allow-listed baggage, and put request_id and path for as long as it is handled.

#include <string>
#include <vector>

#include <fiberlog/fiberlog.hpp>

#include "http_service/message.hpp"
#include "http_service/service.hpp"
#include "services/propagation.hpp"

namespace example::services {

/// On the fiber that handles `req`: `incoming{req, baggage_keys}`, then `request_id` (its
/// X-Request-Id, or a new one: http::request_id_of) and `path` put in the context. On exit
/// the fiber's context and span are what they were. Throws what `incoming` throws.
class request_scope {
public:
    request_scope(const http::request& req, const std::vector<std::string>& baggage_keys)
        : trace_(req, baggage_keys),
          id_(http::request_id_of(req)),
          request_id_("request_id", id_),
          path_("path", std::string(req.target())) {}
    request_scope(const request_scope&) = delete;
    request_scope& operator=(const request_scope&) = delete;

    /// The request id, to send on and to echo.
    const std::string& id() const { return id_; }

private:
    incoming trace_;
    std::string id_;
    fiberlog::scoped request_id_;
    fiberlog::scoped path_;
};

}  // namespace example::services
