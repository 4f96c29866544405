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

}  // namespace fiberlog
