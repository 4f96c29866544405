#pragma once

// The request handler of the W3C Trace Context test protocol (trace_service.cpp), apart so that
// the tests drive it in-process.

#include "http_service/client.hpp"
#include "http_service/message.hpp"

namespace example::services {

/// On POST /test with a JSON array of {"url": ..., "arguments": [...]} objects: enters the
/// request's trace (traceparent, tracestate) and, for each element, from a fiber of its own
/// (a new child span), POSTs that element's `arguments` as JSON to `url` (`http://HOST:PORT/PATH`,
/// HOST an IPv4 address or localhost) with `client`, propagating the trace; answers 200 once
/// every call has ended, whether it succeeded or not (failures are logged at warn). Another
/// method or path: 404; a body that is not a JSON array: 400. `client` must belong to the
/// thread the handler runs on.
http::handler make_trace_test_handler(http::client& client);

}  // namespace example::services
