#include "http_service/logging.hpp"

#include <utility>
#include <vector>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>

namespace example::logging {

namespace {

// spdlog's own formatter writing the fields of fiberlog's JSON lines that it knows about.
// Valid JSON as long as messages need no escaping, which holds for the example's.
constexpr const char* plain_json_pattern =
    R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","thread":%t,"msg":"%v"})";

constexpr const char* plain_text_pattern = "[%Y-%m-%d %H:%M:%S.%f] [%n] [%l] %v";

}  // namespace

std::shared_ptr<spdlog::logger> setup(const options& opts) {
    std::vector<spdlog::sink_ptr> sinks;
    if (!opts.json_path.empty()) {
        auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(opts.json_path);
        if (opts.with == formatter::fiberlog)
            file->set_formatter(fiberlog::json_formatter());
        else
            file->set_formatter(std::make_unique<spdlog::pattern_formatter>(
                plain_json_pattern, spdlog::pattern_time_type::utc));
        sinks.push_back(std::move(file));
    }
    if (opts.console_level != spdlog::level::off) {
        auto console = std::make_shared<spdlog::sinks::stdout_sink_mt>();
        console->set_level(opts.console_level);
        if (opts.with == formatter::fiberlog)
            console->set_formatter(fiberlog::pattern_formatter());
        else
            console->set_formatter(std::make_unique<spdlog::pattern_formatter>(plain_text_pattern));
        sinks.push_back(std::move(console));
    }
    auto logger = std::make_shared<spdlog::logger>(opts.logger_name, sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    return logger;
}

}  // namespace example::logging
