#pragma once

// W3C propagation over the HTTP example's messages: the incoming side enters the caller's
// trace (traceparent, tracestate) and adopts allow-listed baggage for one request; the
// outgoing side sets the three headers from the calling fiber.

#include <string>
#include <string_view>
#include <vector>

#include <fiberlog/fiberlog.hpp>

#include "http_service/message.hpp"

namespace example::services {

/// Every field `name` of `req` (matched without regard to case), joined by ',' as RFC 9110
/// combines repeated fields; "" when there is none.
std::string joined_field(const http::request& req, std::string_view name);

/// For one request, on the fiber that handles it: enters the trace of its `traceparent` and
/// `tracestate` (a new trace when they are missing or invalid) and adopts the members of its
/// `baggage` whose keys are in `baggage_keys` into the context. On exit the fiber's context
/// is what it was before -- a keep-alive connection's next request starts clean. Bad headers
/// never throw (fiberlog counts them); an invalid key in `baggage_keys` throws
/// std::invalid_argument.
class incoming {
public:
    incoming(const http::request& req, const std::vector<std::string>& baggage_keys);
    incoming(const incoming&) = delete;
    incoming& operator=(const incoming&) = delete;

private:
    fiberlog::attach_guard before_;  // first: restores the context and span last
    fiberlog::trace_scope trace_;
};

/// Sets `traceparent` (this fiber's span as the callee's parent), `tracestate` and `baggage`
/// (the context's entries whose keys are in `baggage_keys`) on an outgoing request; the last
/// two only when not empty. Outside a trace only the baggage.
void propagate(http::request& req, const std::vector<std::string>& baggage_keys);

}  // namespace example::services
