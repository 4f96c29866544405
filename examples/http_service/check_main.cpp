// http_service_check: checks http_service's JSON log request by request (log_check.hpp).
//
//   http_service_check LOG [--min-requests N] [--numbered PREFIX:MADE:IN_FLIGHT]...
//
//   --min-requests N   at least N requests must be in the log (say, the responses a load
//                      generator counted)
//   --numbered P:M:F   a load generator sent the ids P1 ... PM, all but the last F surely
//                      received: every id in the log must be one of those (of some --numbered),
//                      and each surely received one must be there
//
// Prints "requests N lines N threads N". Exits 1 with the problems (at most 20 of each kind)
// on stderr when one is found, 2 on a usage error.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "http_service/log_check.hpp"

namespace {

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr,
                 "http_service_check: %s\nusage: http_service_check LOG [--min-requests N] "
                 "[--numbered PREFIX:MADE:IN_FLIGHT]...\n",
                 problem.c_str());
    std::exit(2);
}

std::uint64_t number(std::string_view text, const std::string& what) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        usage(what + " wants a number, not '" + std::string(text) + "'");
    return n;
}

// PREFIX:MADE:IN_FLIGHT, split at the last two colons (a prefix may hold colons).
example::http::numbered_ids numbered(std::string_view spec) {
    const auto second = spec.rfind(':');
    const auto first = second == std::string_view::npos || second == 0
                           ? std::string_view::npos
                           : spec.rfind(':', second - 1);
    if (first == std::string_view::npos)
        usage("--numbered wants PREFIX:MADE:IN_FLIGHT, not '" + std::string(spec) + "'");
    return {std::string(spec.substr(0, first)),
            number(spec.substr(first + 1, second - first - 1), "--numbered's MADE"),
            number(spec.substr(second + 1), "--numbered's IN_FLIGHT")};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) usage("which log?");
    std::uint64_t min_requests = 0;
    std::vector<example::http::numbered_ids> generators;
    for (int i = 2; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 == argc) usage("unknown option or missing value: " + std::string(flag));
        if (flag == "--min-requests")
            min_requests = number(argv[++i], "--min-requests");
        else if (flag == "--numbered")
            generators.push_back(numbered(argv[++i]));
        else
            usage("unknown option " + std::string(flag));
    }
    std::ifstream in(argv[1]);
    if (!in) usage(std::string("cannot read ") + argv[1]);

    const auto result = example::http::check_request_logs(in);
    std::printf("requests %zu lines %zu threads %zu\n", result.request_ids.size(), result.lines,
                result.threads.size());
    bool ok = result.problems.empty();
    std::size_t shown = 0;
    for (const auto& p : result.problems)
        if (shown++ < 20) std::fprintf(stderr, "%s\n", p.c_str());
    if (result.problems.size() > 20)
        std::fprintf(stderr, "... %zu problems in all\n", result.problems.size());
    if (result.request_ids.size() < min_requests) {
        std::fprintf(stderr, "%zu requests in the log, fewer than %llu\n",
                     result.request_ids.size(), static_cast<unsigned long long>(min_requests));
        ok = false;
    }
    for (const auto& p : example::http::check_numbered_ids(result.request_ids, generators)) {
        std::fprintf(stderr, "%s\n", p.c_str());
        ok = false;
    }
    return ok ? 0 : 1;
}
