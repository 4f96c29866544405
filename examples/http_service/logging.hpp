#pragma once

// The example's logging setup: JSON lines to a file, text to the console, through spdlog with
// fiberlog's formatters -- or through spdlog's own, the baseline scripts/load.sh compares with.

#include <memory>
#include <string>

#include <spdlog/common.h>
#include <spdlog/logger.h>

namespace example::logging {

enum class formatter {
    fiberlog,  ///< fiberlog::json_formatter() in the file, fiberlog's default pattern on the console
    plain,     ///< spdlog's pattern formatter: the same JSON fields but the fiber ones and `ctx`
};

struct options {
    std::string json_path;  ///< JSON lines go here (appended); empty: no file
    spdlog::level::level_enum console_level = spdlog::level::info;  ///< `off`: no console
    formatter with = formatter::fiberlog;
    std::string logger_name = "http";
};

/// Makes a logger over a file sink and a stdout sink as `opts` says, and makes it spdlog's
/// default logger (what spdlog::info() and friends use). Both sinks are `_mt`: several
/// threads may log. Throws spdlog::spdlog_ex when the file cannot be opened.
std::shared_ptr<spdlog::logger> setup(const options& opts);

}  // namespace example::logging
