#pragma once

// One service process of the two-service example: named in its log lines, logging JSON lines
// to a file, serving HTTP on 127.0.0.1 from the fibers of one thread, stopped gracefully by
// SIGINT or SIGTERM. frontend, backend and trace_service are each one of these.

#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <spdlog/common.h>

#include "http_service/client.hpp"
#include "http_service/message.hpp"

namespace example::services {

struct process_options {
    std::string service;  ///< the name in every log line (fiberlog::set_process_identity)
    std::uint16_t port = 0;  ///< on 127.0.0.1; 0: any free one
    std::string log_path;    ///< JSON lines, appended; empty: none
    spdlog::level::level_enum console_level = spdlog::level::info;  ///< text on stdout; off: none
};

/// Makes the request handler, given the thread's io_context and an HTTP client of that thread
/// for outgoing calls (both live as long as the service).
using handler_factory = std::function<http::handler(boost::asio::io_context&, http::client&)>;

/// Runs the service: names the process, sets up the logs, listens, prints
/// "listening on 127.0.0.1:PORT" on stdout, serves until SIGINT or SIGTERM, answers the
/// requests in flight, flushes the logs. Returns the exit status: 0, or 1 after a message on
/// stderr when it cannot start.
int run_process(const process_options& options, const handler_factory& make_handler);

/// Reads the options every service takes (`--port N`, `--log FILE`, `--console LEVEL`) into
/// `options`; calls `extra(flag, value)` for any other `--flag value`, which returns false for
/// a flag it does not know. On a bad command line prints the problem and `usage` (which
/// starts with the program's name) on stderr and exits with status 2.
void parse_options(int argc, char** argv, const std::string& usage, process_options& options,
                   const std::function<bool(const std::string&, const std::string&)>& extra = {});

/// `text` as a number from `min` to `max`, or the problem and `usage` on stderr and exit 2.
unsigned long number_option(const std::string& usage, const std::string& flag,
                            const std::string& text, unsigned long min, unsigned long max);

}  // namespace example::services
