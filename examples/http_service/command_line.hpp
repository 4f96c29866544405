#pragma once

// http_service's command line, read into the options of the app and of its logging: a unit of
// its own so that every wrong argument's message is tested.

#include <string_view>
#include <vector>

#include <spdlog/common.h>

#include "http_service/app.hpp"
#include "http_service/logging.hpp"

namespace example::http {

/// What `http_service [--port N] [--threads N] [--log FILE] [--console L] [--plain] [--db-ms N]`
/// asks for.
struct command_line {
    app_options service;   ///< port 8080 on 127.0.0.1, SIGINT/SIGTERM stop it
    logging::options log;  ///< JSON lines to http_service.jsonl, the console from info
    bool help = false;     ///< --help: print usage_text and do nothing else
};

/// The usage line, for --help and after an error.
inline constexpr const char* usage_text =
    "usage: http_service [--port N] [--threads N] [--log FILE] [--console LEVEL] [--plain] "
    "[--db-ms N]";

/// `text` as a number from `min` to `max`; otherwise std::invalid_argument saying
/// "FLAG wants a number from MIN to MAX, not 'TEXT'". Shared by the services' command lines.
unsigned long number_argument(std::string_view flag, std::string_view text, unsigned long min,
                              unsigned long max);

/// `text` as a spdlog level name (`off` included); otherwise std::invalid_argument saying
/// "--console wants trace, debug, ... or off, not 'TEXT'".
spdlog::level::level_enum level_argument(std::string_view text);

/// Reads the arguments (without the program's name). Throws std::invalid_argument, with a
/// sentence naming the argument and what it wants, on an unknown option, a missing value,
/// a number out of range or an unknown level; nothing else.
command_line parse_command_line(const std::vector<std::string_view>& args);

}  // namespace example::http
