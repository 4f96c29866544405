#pragma once

// fiberlog on Boost.Asio: a scheduler that runs a thread's fibers and its io_context together,
// and a completion token that suspends only the calling fiber. Link fiberlog::asio.
//
//     auto io = std::make_shared<boost::asio::io_context>();
//     boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
//     boost::fibers::fiber([&] {
//         std::size_t n = socket.async_read_some(buffer, fiberlog::asio::yield);
//     }).detach();
//     io->run();

#include <fiberlog/asio/round_robin.hpp>
#include <fiberlog/asio/yield.hpp>
