#include <stdexcept>

#include <fiberlog/spdlog.hpp>
#include <spdlog/spdlog.h>

namespace fiberlog {

void install(std::unique_ptr<spdlog::formatter> formatter) {
    // The registry keeps the formatter for loggers created later and gives each registered
    // logger (the default one included) a clone now.
    spdlog::set_formatter(std::move(formatter));
}

void install(std::string pattern, std::vector<key_flag> keys) {
    install(pattern_formatter(std::move(pattern), std::move(keys)));
}

void set_pattern(const std::shared_ptr<spdlog::logger>& logger, std::string pattern,
                 spdlog::pattern_time_type time) {
    if (!logger) throw std::invalid_argument("fiberlog::set_pattern: the logger is null");
    logger->set_formatter(pattern_formatter(std::move(pattern), {}, time));
}

void set_pattern(std::string pattern, spdlog::pattern_time_type time) {
    install(pattern_formatter(std::move(pattern), {}, time));
}

}  // namespace fiberlog
