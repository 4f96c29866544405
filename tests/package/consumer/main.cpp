#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>
#ifdef CONSUMER_WITH_ASIO
#include <memory>

#include <boost/asio/steady_timer.hpp>

#include <fiberlog/asio.hpp>
#endif
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
#ifdef CONSUMER_WITH_ASIO
    // A fiber on an io_context thread keeps its context across an Asio wait.
    if (!seen.empty() && seen.back() == '\n') seen.pop_back();  // the spdlog line's
    std::thread([&] {
        auto io = std::make_shared<boost::asio::io_context>();
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        fiberlog::put("request_id", "r-2");
        boost::fibers::fiber waiter([&] {
            boost::asio::steady_timer timer(*io, std::chrono::milliseconds(1));
            timer.async_wait(fiberlog::asio::yield);
            seen += " | asio " + std::string(fiberlog::snapshot().text());
            io->stop();
        });
        io->run();
        waiter.join();
    }).join();
#endif
    std::cout << "consumer sees " << seen << std::endl;
}
