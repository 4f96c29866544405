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
//   --help         this usage line
//
// A wrong argument: a message and the usage line on stderr, exit 2.
// It prints "listening on 127.0.0.1:PORT" once both ports are open. Then:
//   curl -H 'X-Request-Id: demo-1' http://127.0.0.1:8080/orders
//   fiberlog-tail --by request_id http_service.jsonl

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "http_service/app.hpp"
#include "http_service/command_line.hpp"
#include "http_service/logging.hpp"

int main(int argc, char** argv) {
    example::http::command_line args;
    try {
        args =
            example::http::parse_command_line(std::vector<std::string_view>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "http_service: %s\n%s\n", e.what(), example::http::usage_text);
        return 2;
    }
    if (args.help) {
        std::printf("%s\n", example::http::usage_text);
        return 0;
    }
    try {
        example::logging::setup(args.log);
        example::http::app service{args.service};
        std::printf("listening on %s:%u\n", args.service.address.c_str(), unsigned{service.port()});
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
