// http_service_check LOG [MIN_REQUESTS]: checks http_service's JSON log (log_check.hpp) and
// prints "requests N lines N threads N"; exits 1 with the problems (at most 20) on stderr when
// a request's story is wrong or fewer than MIN_REQUESTS requests are in it, 2 on a usage error.

#include <cstdio>
#include <fstream>
#include <string>

#include "http_service/log_check.hpp"

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: http_service_check LOG [MIN_REQUESTS]\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "http_service_check: cannot read %s\n", argv[1]);
        return 2;
    }
    const unsigned long min_requests = argc == 3 ? std::stoul(argv[2]) : 0;
    const auto result = example::http::check_request_logs(in);
    std::printf("requests %zu lines %zu threads %zu\n", result.request_ids.size(), result.lines,
                result.threads.size());
    std::size_t shown = 0;
    for (const auto& p : result.problems)
        if (shown++ < 20) std::fprintf(stderr, "%s\n", p.c_str());
    if (result.problems.size() > 20)
        std::fprintf(stderr, "... %zu problems in all\n", result.problems.size());
    if (result.request_ids.size() < min_requests) {
        std::fprintf(stderr, "%zu requests in the log, fewer than %lu\n", result.request_ids.size(),
                     min_requests);
        return 1;
    }
    return result.problems.empty() ? 0 : 1;
}
