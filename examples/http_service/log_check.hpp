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

/// The request ids a load generator made: `prefix` then 1, 2, ... `made`. Each of its
/// connections waits for a response before the next request, so all but the last `in_flight`
/// surely reached the service; those last ones may or may not have.
struct numbered_ids {
    std::string prefix;
    std::uint64_t made = 0;
    std::uint64_t in_flight = 0;
};

/// One sentence per problem (at most `max_problems`, then one that counts the rest): an id in
/// `ids` that none of `numbered` made (a forged or mixed-up id), or one that surely reached
/// the service and is not in `ids` (a request with no line).
std::vector<std::string> check_numbered_ids(const std::set<std::string>& ids,
                                            const std::vector<numbered_ids>& numbered,
                                            std::size_t max_problems = 20);

}  // namespace example::http
