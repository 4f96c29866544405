#include "worker.hpp"

#include <spdlog/spdlog.h>

namespace thirdparty {
namespace {

std::shared_ptr<spdlog::logger> own_logger() {
    if (auto existing = spdlog::get("thirdparty")) return existing;
    // Like a library would: its own logger, writing to the default logger's sinks.
    auto logger = std::make_shared<spdlog::logger>("thirdparty",
                                                   spdlog::default_logger()->sinks().begin(),
                                                   spdlog::default_logger()->sinks().end());
    spdlog::initialize_logger(logger);
    return logger;
}

}  // namespace

void do_work(const std::string& what) {
    spdlog::info("{} started", what);
    own_logger()->info("{} done", what);
}

}  // namespace thirdparty
