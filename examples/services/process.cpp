#include "services/process.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/fiber/fiber.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/asio.hpp>
#include <fiberlog/fiberlog.hpp>

#include "http_service/command_line.hpp"
#include "http_service/logging.hpp"
#include "http_service/server.hpp"

namespace example::services {

namespace net = boost::asio;

namespace {

// `usage` starts with the program's name.
[[noreturn]] void usage_error(const std::string& usage, const std::string& problem) {
    const std::string program = usage.substr(0, usage.find(' '));
    std::fprintf(stderr, "%s: %s\nusage: %s\n", program.c_str(), problem.c_str(), usage.c_str());
    std::exit(2);
}

}  // namespace

unsigned long number_option(const std::string& usage, const std::string& flag,
                            const std::string& text, unsigned long min, unsigned long max) {
    try {
        return http::number_argument(flag, text, min, max);
    } catch (const std::invalid_argument& e) {
        usage_error(usage, e.what());
    }
}

void parse_options(int argc, char** argv, const std::string& usage, process_options& options,
                   const std::function<bool(const std::string&, const std::string&)>& extra) {
    for (int i = 1; i < argc; i += 2) {
        const std::string flag = argv[i];
        if (i + 1 == argc) usage_error(usage, "unknown option or missing value: " + flag);
        const std::string value = argv[i + 1];
        if (flag == "--port") {
            options.port = static_cast<std::uint16_t>(number_option(usage, flag, value, 0, 65535));
        } else if (flag == "--log") {
            options.log_path = value;
        } else if (flag == "--console") {
            try {
                options.console_level = http::level_argument(value);
            } catch (const std::invalid_argument& e) {
                usage_error(usage, e.what());
            }
        } else if (!extra || !extra(flag, value)) {
            usage_error(usage, "unknown option " + flag);
        }
    }
}

int run_process(const process_options& options, const handler_factory& make_handler) {
    try {
        fiberlog::set_process_identity(options.service);
        logging::options log;
        log.json_path = options.log_path;
        log.console_level = options.console_level;
        log.logger_name = options.service;
        auto logger = logging::setup(log);

        auto io = std::make_shared<net::io_context>(1);
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        http::client client(*io);
        http::server server(*io, {net::ip::address_v4::loopback(), options.port},
                            make_handler(*io, client));
        std::printf("listening on 127.0.0.1:%u\n", unsigned{server.local_endpoint().port()});
        std::fflush(stdout);

        net::signal_set signals(*io, SIGINT, SIGTERM);
        boost::fibers::fiber on_signal([&] {
            boost::system::error_code ec;
            const int signal = signals.async_wait(fiberlog::asio::yield[ec]);
            if (ec) return;  // the server ended first
            spdlog::info("signal {}: stopping", signal);
            server.stop();
        });
        boost::fibers::fiber serving([&] {
            server.run();
            boost::system::error_code ignored;
            signals.cancel(ignored);
            on_signal.join();  // before the stop: its wait ends through the io_context
            io->stop();
        });
        io->run();
        serving.join();
        spdlog::info("stopped");
        logger->flush();
        spdlog::shutdown();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", options.service.c_str(), e.what());
        return 1;
    }
}

}  // namespace example::services
