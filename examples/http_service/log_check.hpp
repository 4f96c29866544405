#pragma once

// Checks the example service's JSON log, request by request: every request's lines are all
// there, and each carries that request's id and no other. The HTTP service test and
// scripts/load.sh (through http_service_check) use it.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <set>
#include <string>
#include <vector>

namespace example::http {

struct log_check_result {
    std::set<std::string> request_ids;  ///< every request id met
    std::size_t lines = 0;              ///< lines read (with a request id or not)
    std::set<std::uint64_t> threads;    ///< the threads that logged a front request's lines
    std::vector<std::string> problems;  ///< one sentence per problem; empty: all is well
};

/// The story of one front request that service.hpp's handlers log, 8 lines: on the
/// connection's fiber F "request received" and "response 200" (path = the request's);
/// `step=db` "db query started", "db query done" on one child of F; `step=backend` "calling
/// backend", "backend answered 200" on another; and the second service's "request received"
/// and "response 200" (path /backend/inventory) on a fiber that is not F. Lines without a
/// request id (the server's own) are counted and left alone; a line that is not JSON is a
/// problem.
log_check_result check_request_logs(std::istream& jsonl);

}  // namespace example::http
