#pragma once

// Runs a test body as a fiber on a fresh thread whose fibers and I/O run on one io_context
// under fiberlog::asio::round_robin: every test starts from clean per-thread state.

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/fiber/all.hpp>

#include <fiberlog/asio.hpp>

namespace fiberlog::test {

// Installs the scheduler on a new thread, launches `body(io)` in a fiber there and runs
// io->run() until the body returns (it then stops the io_context). Rethrows what the body
// threw. Returns the number of handlers io->run() executed. The body must join the fibers it
// launched.
inline std::size_t run_in_io_thread(const std::function<void(boost::asio::io_context&)>& body) {
    std::exception_ptr error;
    std::size_t handlers = 0;
    std::thread thread([&] {
        try {
            auto io = std::make_shared<boost::asio::io_context>(1);
            boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
            boost::fibers::fiber main_fiber([&] {
                try {
                    body(*io);
                } catch (...) {
                    error = std::current_exception();
                }
                io->stop();
            });
            handlers = io->run();
            main_fiber.join();
        } catch (...) {
            error = std::current_exception();
        }
    });
    thread.join();
    if (error) std::rethrow_exception(error);
    return handlers;
}

}  // namespace fiberlog::test
