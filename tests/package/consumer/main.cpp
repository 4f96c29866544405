#include <iostream>
#include <sstream>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>
#ifdef CONSUMER_WITH_SPDLOG
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>
#endif

int main() {
    boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
    fiberlog::put("request_id", "r-1");
    std::string seen;
    boost::fibers::fiber([&] {
        seen = std::string(fiberlog::snapshot().text());
#ifdef CONSUMER_WITH_SPDLOG
        std::ostringstream out;
        spdlog::logger logger("consumer", std::make_shared<spdlog::sinks::ostream_sink_st>(out));
        logger.set_formatter(fiberlog::pattern_formatter("%K %v"));
        logger.info("logged");
        seen += " | " + out.str();
#endif
    }).join();
    std::cout << "consumer sees " << seen << std::endl;
}
