// An HTTP/1.1 service on fibers over Boost.Asio and Beast, logging through spdlog with
// fiberlog. Each connection is a fiber; each request puts request_id (from X-Request-Id, or a
// new one), method and path in its context, runs a fake database query and a call to a
// second local service in two child fibers, and every line it logs -- in those fibers too --
// carries that context: JSON lines to a file, text on the console. SIGINT/SIGTERM: stop
// accepting, answer the requests in flight, flush the logs, exit 0.
//
//   http_service [--port N] [--threads N] [--log FILE] [--console LEVEL] [--plain] [--db-ms N]
//
//   --port N       front port on 127.0.0.1 (default 8080; 0: any free one)
//   --threads N    threads, each with its own io_context and listeners (SO_REUSEPORT); default 1
//   --log FILE     JSON lines, appended (default http_service.jsonl)
//   --console L    text lines on stdout from level L: trace debug info warn error critical
//                  off (default info)
//   --plain        log through spdlog's own formatter instead (no fiber context): the baseline
//                  of scripts/load.sh
//   --db-ms N      the fake database query's wait in milliseconds (default 1)
//
// It prints "listening on 127.0.0.1:PORT" once both ports are open. Then:
//   curl -H 'X-Request-Id: demo-1' http://127.0.0.1:8080/orders
//   fiberlog-tail --by request_id http_service.jsonl

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "http_service/app.hpp"
#include "http_service/logging.hpp"

namespace {

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr,
                 "http_service: %s\nusage: http_service [--port N] [--threads N] [--log FILE] "
                 "[--console LEVEL] [--plain] [--db-ms N]\n",
                 problem.c_str());
    std::exit(2);
}

unsigned long number(std::string_view flag, std::string_view text, unsigned long max) {
    unsigned long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n > max)
        usage(std::string(flag) + " wants a number up to " + std::to_string(max) + ", not '" +
              std::string(text) + "'");
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    example::http::app_options options;
    options.port = 8080;
    options.stop_on_signals = true;
    example::logging::options log;
    log.json_path = "http_service.jsonl";
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        const bool has_value = i + 1 < argc;
        if (flag == "--plain") {
            log.with = example::logging::formatter::plain;
            continue;
        }
        if (!has_value) usage("unknown option or missing value: " + std::string(flag));
        const std::string_view value = argv[++i];
        if (flag == "--port") {
            options.port = static_cast<std::uint16_t>(number(flag, value, 65535));
        } else if (flag == "--threads") {
            options.threads = static_cast<unsigned>(number(flag, value, 256));
            if (options.threads == 0) usage("--threads wants at least 1");
        } else if (flag == "--log") {
            log.json_path = std::string(value);
        } else if (flag == "--console") {
            log.console_level = spdlog::level::from_str(std::string(value));
            if (log.console_level == spdlog::level::off && value != "off")
                usage("unknown level '" + std::string(value) + "'");
        } else if (flag == "--db-ms") {
            options.db_latency = std::chrono::milliseconds(number(flag, value, 60000));
        } else {
            usage("unknown option " + std::string(flag));
        }
    }
    try {
        example::logging::setup(log);
        example::http::app service{options};
        std::printf("listening on %s:%u\n", options.address.c_str(), unsigned{service.port()});
        std::fflush(stdout);
        service.run();
        spdlog::info("stopped");
        spdlog::shutdown();  // flushes the logs
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "http_service: %s\n", e.what());
        return 1;
    }
}
