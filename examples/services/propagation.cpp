#include "services/propagation.hpp"

namespace example::services {

std::string joined_field(const http::request& req, std::string_view name) {
    std::string out;
    const auto range = req.equal_range(boost::beast::string_view(name.data(), name.size()));
    for (auto it = range.first; it != range.second; ++it) {
        if (it != range.first) out += ',';
        out.append(it->value().data(), it->value().size());
    }
    return out;
}

incoming::incoming(const http::request& req, const std::vector<std::string>& baggage_keys)
    : before_(fiberlog::attach(fiberlog::snapshot())),
      trace_(joined_field(req, "traceparent"), joined_field(req, "tracestate")) {
    if (!baggage_keys.empty()) fiberlog::adopt_baggage(joined_field(req, "baggage"), baggage_keys);
}

void propagate(http::request& req, const std::vector<std::string>& baggage_keys) {
    if (const std::string tp = fiberlog::traceparent(); !tp.empty()) req.set("traceparent", tp);
    if (const std::string ts = fiberlog::tracestate(); !ts.empty()) req.set("tracestate", ts);
    if (baggage_keys.empty()) return;
    if (const std::string b = fiberlog::baggage(baggage_keys); !b.empty()) req.set("baggage", b);
}

}  // namespace example::services
